import FinsamStore
import Testing

/// Runs a test, or every test of a suite, with English as the current language: errors and
/// load notes made in it are in English, the language these tests compare (Swedish is the
/// default; `OneLanguageTests` and the snapshots check both).
struct InEnglish: TestTrait, SuiteTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await Language.$current.withValue(.en) { try await function() }
    }
}

extension Trait where Self == InEnglish {
    /// English as the current language.
    static var inEnglish: InEnglish { InEnglish() }
}
