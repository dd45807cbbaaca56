import Dispatch

/// What suppression hides, being decided on another thread or when first asked for.
/// (A class: the thread that decides writes the result the caller later reads; the semaphore
/// orders the two.)
final class PendingSuppression: @unchecked Sendable {
    typealias Work = () throws(FinsamError) -> Suppression.Decision?
    private var work: Work?
    private var result: Result<Suppression.Decision?, FinsamError>?
    private let done: DispatchSemaphore?

    /// Decided when asked for (nil: no suppression).
    init(_ work: Work?) {
        self.work = work
        result = work == nil ? .success(nil) : nil
        done = nil
    }

    /// Decided on another thread, starting now.
    init(inBackground work: @escaping Work) {
        let done = DispatchSemaphore(value: 0)
        self.done = done
        nonisolated(unsafe) let work = work
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            do throws(FinsamError) { result = .success(try work()) } catch { result = .failure(error) }
            done.signal()
        }
    }

    /// The decision (nil: nothing to hide), once made; its error, if making it failed.
    func value() throws(FinsamError) -> Suppression.Decision? {
        if let done {
            done.wait()
            done.signal()  // a later call returns at once
        } else if result == nil, let work {
            do throws(FinsamError) { result = .success(try work()) } catch { result = .failure(error) }
            self.work = nil
        }
        return try result!.get()
    }
}
