"""The pass/fail tally the Python checks of `make test` share: `check` each condition, then
`finish` prints "N passed, N failed" and gives the exit status."""


class Checklist:
    def __init__(self, indent=""):
        self.passed = 0
        self.failed = 0
        self.indent = indent

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name}\n{self.indent}{detail[:800]}")

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
