# The two commands of the README: `make run` and `make test`. Both install what is
# missing first (scripts/install-deps.sh), then build in release mode.
SWIFT ?= swift
CONFIG ?= release
BIN = .build/$(CONFIG)/finsam
CHECK_DATA = .build/check-data

.PHONY: run test build deps test-deps check-figures check-examples check-terminal check-xlsx bench clean

run: build
	@$(BIN)

build: deps
	$(SWIFT) build -c $(CONFIG) --product finsam

test: test-deps
	$(SWIFT) build -c $(CONFIG)
	$(SWIFT) test -c $(CONFIG)
	$(MAKE) --no-print-directory check-examples check-terminal check-figures check-xlsx

# The example scripts through the command line's test runner.
check-examples: build
	$(BIN) test Examples

# The interactive shell in a real terminal (tmux).
check-terminal: build
	Tests/terminal/repl_in_tmux.sh $(BIN)

# An independent reader (DuckDB) finds every published figure in the generated CSV files.
check-figures: build
	$(BIN) generate --out $(CHECK_DATA)
	python3 Tests/duckdb/check_targets.py $(CHECK_DATA)

# An independent reader (openpyxl) opens the .xlsx export and finds the .csv export's values.
check-xlsx: build
	python3 Tests/xlsx/check_export.py $(BIN)

# Performance against DuckDB on 10M rows (not part of make test): bench/run.sh.
bench: build
	bench/run.sh $(BIN)

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

clean:
	rm -rf .build
