import FinsamStore
import Testing

/// Runs a test, or every test of a suite, with English as the current language: errors and
/// load notes made in it are in English (Swedish is the default). For tests that compare
/// English messages — finsam's own, and an embedder's.
///
/// ```swift
/// @Test(.inEnglish) func unknownColumn() { … }
/// ```
public struct InEnglish: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await Language.$current.withValue(.en) { try await function() }
    }
}

extension Trait where Self == InEnglish {
    /// English as the current language.
    public static var inEnglish: InEnglish { InEnglish() }
}
