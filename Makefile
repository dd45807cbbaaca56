# The two commands of the README: `make run` and `make test`. Both install what is
# missing first (scripts/install-deps.sh), then build in release mode.
SWIFT ?= swift
CONFIG ?= release
BIN = .build/$(CONFIG)/finsam
CHECK_DATA = .build/check-data

.PHONY: run test build deps test-deps check-figures check-examples check-terminal check-xlsx check-report check-profiles check-cli check-embedding bench difftest fuzz fuzz-build check-fuzz clean

run: build
	@$(BIN)

build: deps
	$(SWIFT) build -c $(CONFIG) --product finsam

test: test-deps
	$(SWIFT) build -c $(CONFIG)
	$(SWIFT) test -c $(CONFIG)
	$(MAKE) --no-print-directory check-examples check-cli check-embedding check-terminal check-figures check-xlsx check-report check-profiles check-fuzz

# The example scripts through the command line's test runner.
check-examples: build
	$(BIN) test Examples

# Machine output read by real parsers: csv and json carry only data on standard output.
check-cli: build
	python3 Tests/cli/check_cli.py $(BIN)

# The library from a separate package that depends on it by path, as an embedder's does.
# Its build must hold nothing of the command line: no ArgumentParser or libedit module compiled,
# no libedit linked.
check-embedding:
	cd Tests/embedding && $(SWIFT) test
	cd Tests/embedding && bin=$$($(SWIFT) build --show-bin-path) \
	  && ! ls $$bin/Modules | grep -E '^(ArgumentParser|LineEditing|CLibEdit|CEditLineShim|FinsamShell)\.' \
	  && ! ldd $$bin/FinsamEmbeddingPackageTests.xctest | grep libedit \
	  && echo "the library alone: no ArgumentParser, no libedit"

# The interactive shell in a real terminal (tmux), and its output at 60, 80 and 120 columns
# (every example of the README and Examples/ within 80).
check-terminal: build
	Tests/terminal/repl_in_tmux.sh $(BIN)
	python3 Tests/terminal/widths_in_tmux.py $(BIN)

# An independent reader (DuckDB) finds every published figure in the generated CSV files, and
# checks that the invented befolkning.csv keeps its rule against the population stand-in.
check-figures: build
	$(BIN) generate --out $(CHECK_DATA)
	python3 Tests/duckdb/check_targets.py $(CHECK_DATA)
	python3 Tests/duckdb/check_wave2.py $(CHECK_DATA)
	python3 Tests/duckdb/check_befolkning.py $(CHECK_DATA) Data/kommun_befolkning.csv

# A long differential campaign: N random queries through finsam and through DuckDB (the SQL of
# `finsam sql`); every number must agree. `make test` runs 300 of them. SEED picks other queries.
N ?= 10000
SEED ?= 20181231
difftest: test-deps
	FINSAM_DIFFTEST_N=$(N) FINSAM_DIFFTEST_SEED=$(SEED) $(SWIFT) test -c $(CONFIG) --filter FinsamDifferentialTests

# Fuzzing with libFuzzer (Fuzz/README.md): the library modules and a target compiled by swiftc
# with coverage instrumentation. `make fuzz` runs each target for RUNS executions (default 10
# million) from the seed corpora in Fuzz/corpus; crashes land in .build/fuzz.
# SANITIZE=fuzzer,address adds AddressSanitizer (3–5 times slower; use another FUZZ_DIR).
SANITIZE ?= fuzzer
FUZZ_DIR ?= .build/fuzz
FUZZ_FLAGS = -sanitize=$(SANITIZE) -parse-as-library -swift-version 6 -O -g
RUNS ?= 10000000
FUZZ_SOURCES = $(shell find Sources/FinsamStore Sources/FinsamDataset Sources/Finsam -name '*.swift')

# The store reads .xlsx through ZIPFoundation (checked out by swift package resolve), compiled
# here too, without coverage (its inflate is not ours to fuzz).
ZIP_SOURCES = .build/checkouts/ZIPFoundation/Sources
$(ZIP_SOURCES):
	$(SWIFT) package resolve
$(FUZZ_DIR)/libZIPFoundation.a: | $(ZIP_SOURCES)
	@mkdir -p $(FUZZ_DIR)
	swiftc -parse-as-library -swift-version 5 -O -I $(ZIP_SOURCES)/CZLib -Xcc -D_GNU_SOURCE=1 -module-name ZIPFoundation \
	  -emit-module -emit-module-path $(FUZZ_DIR)/ZIPFoundation.swiftmodule -emit-library -static -o $@ $(ZIP_SOURCES)/ZIPFoundation/*.swift
# Yams (import profiles) and its libyaml, likewise without coverage.
YAMS_SOURCES = .build/checkouts/Yams/Sources
$(YAMS_SOURCES): | $(ZIP_SOURCES)
$(FUZZ_DIR)/libCYaml.a: | $(YAMS_SOURCES)
	@mkdir -p $(FUZZ_DIR)/cyaml
	cd $(FUZZ_DIR)/cyaml && cc -c -O2 -DYAML_DECLARE_STATIC -I $(CURDIR)/$(YAMS_SOURCES)/CYaml/include $(CURDIR)/$(YAMS_SOURCES)/CYaml/src/*.c
	ar rcs $@ $(FUZZ_DIR)/cyaml/*.o
$(FUZZ_DIR)/libYams.a: $(FUZZ_DIR)/libCYaml.a
	swiftc -parse-as-library -swift-version 5 -O -D SWIFT_PACKAGE -I $(YAMS_SOURCES)/CYaml/include -Xcc -DYAML_DECLARE_STATIC -module-name Yams \
	  -emit-module -emit-module-path $(FUZZ_DIR)/Yams.swiftmodule -emit-library -static -o $@ $(YAMS_SOURCES)/Yams/*.swift
$(FUZZ_DIR)/libFinsamStore.a: $(shell find Sources/FinsamStore -name '*.swift') $(FUZZ_DIR)/libZIPFoundation.a $(FUZZ_DIR)/libYams.a
	swiftc $(FUZZ_FLAGS) -I $(FUZZ_DIR) -I $(ZIP_SOURCES)/CZLib -I $(YAMS_SOURCES)/CYaml/include -module-name FinsamStore -emit-module -emit-module-path $(FUZZ_DIR)/FinsamStore.swiftmodule \
	  -emit-library -static -o $@ $(filter %.swift,$^)
$(FUZZ_DIR)/libFinsamDataset.a: $(shell find Sources/FinsamDataset -name '*.swift') $(FUZZ_DIR)/libFinsamStore.a
	swiftc $(FUZZ_FLAGS) -I $(FUZZ_DIR) -I $(ZIP_SOURCES)/CZLib -I $(YAMS_SOURCES)/CYaml/include -module-name FinsamDataset -emit-module -emit-module-path $(FUZZ_DIR)/FinsamDataset.swiftmodule \
	  -emit-library -static -o $@ $(filter %.swift,$^)
$(FUZZ_DIR)/libFinsam.a: $(shell find Sources/Finsam -name '*.swift') $(FUZZ_DIR)/libFinsamDataset.a
	swiftc $(FUZZ_FLAGS) -I $(FUZZ_DIR) -I $(ZIP_SOURCES)/CZLib -I $(YAMS_SOURCES)/CYaml/include -module-name Finsam -emit-module -emit-module-path $(FUZZ_DIR)/Finsam.swiftmodule \
	  -emit-library -static -o $@ $(filter %.swift,$^)
$(FUZZ_DIR)/fuzz-query: Fuzz/FuzzQuery.swift $(FUZZ_DIR)/libFinsam.a
	swiftc $(FUZZ_FLAGS) -I $(FUZZ_DIR) -I $(ZIP_SOURCES)/CZLib -L $(FUZZ_DIR) -I $(YAMS_SOURCES)/CYaml/include -lFinsam -lFinsamDataset -lFinsamStore -lZIPFoundation -lYams -lCYaml -lz -o $@ Fuzz/FuzzQuery.swift
$(FUZZ_DIR)/fuzz-csv: Fuzz/FuzzCSV.swift $(FUZZ_DIR)/libFinsamDataset.a
	swiftc $(FUZZ_FLAGS) -I $(FUZZ_DIR) -I $(ZIP_SOURCES)/CZLib -L $(FUZZ_DIR) -I $(YAMS_SOURCES)/CYaml/include -lFinsamDataset -lFinsamStore -lZIPFoundation -lYams -lCYaml -lz -o $@ Fuzz/FuzzCSV.swift

fuzz-build: $(FUZZ_DIR)/fuzz-query $(FUZZ_DIR)/fuzz-csv

fuzz: fuzz-build
	Fuzz/run.sh $(FUZZ_DIR) $(RUNS)

# A short fuzzing run for make test: both targets, 20 000 executions each.
check-fuzz: fuzz-build
	Fuzz/run.sh $(FUZZ_DIR) 20000

# An independent reader (openpyxl) opens the .xlsx export and finds the .csv export's values;
# LibreOffice Calc under a Swedish locale opens the Swedish .csv and the .xlsx (numbers as numbers).
check-xlsx: build
	python3 Tests/xlsx/check_export.py $(BIN)
	python3 Tests/xlsx/check_swedish.py $(BIN)

# The yearly report (Examples/rapport_2018.finsam) as a reader gets it: headless Chromium opens the
# HTML page (a screenshot and an A4 print kept in .build/report/, every table and number of the script's
# results found in the rendered page, charts described in words); openpyxl and LibreOffice open the workbook.
check-report: build
	python3 Tests/report/check_report.py $(BIN)

# Import profiles end to end: DIS files made by openpyxl from the built-in rows load through
# `as dis` to the same answers as the rows themselves; unknown values, bad dates and sheets refused.
check-profiles: build
	python3 Tests/profiles/check_profiles.py $(BIN)

# Performance against DuckDB on 10M rows (not part of make test): bench/run.sh.
bench: build
	bench/run.sh $(BIN)

# The API documentation of the library (Sources/Finsam/Finsam.docc, the doc comments) with
# swift-docc-plugin, as a static site in .build/docs.
.PHONY: docs
docs:
	$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation --target Finsam \
	  --output-path .build/docs --transform-for-static-hosting --warnings-as-errors

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

clean:
	rm -rf .build
