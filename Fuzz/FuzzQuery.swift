// libFuzzer target: text → lexer → parser → binder → SQL generator, on the built-in dataset.
// Any input must end in a result or a FinsamError: never a crash, a hang or a leak of state.
// Built by `make fuzz` (swiftc -sanitize=fuzzer), not by SwiftPM; see Fuzz/README.md.
import Finsam

// A Session is Sendable: a global constant needs no opt-out of isolation checking.
let session: Session = {
    let s = Session()
    // lets give the binder its let paths to walk
    _ = try? s.run("let ung25 = ålder < 25\nlet band = bin(ålder, 20, 35, 50)\nlet stor = antal_kommuner > 3")
    return s
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do { try session.validate(text) } catch { _ = error.description }
    do { _ = try session.sql(text) } catch { _ = error.description }
    return 0
}
