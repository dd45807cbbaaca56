#if canImport(Glibc)
import Glibc
#endif

/// The process's resident anonymous memory (`RssAnon` of /proc/self/status): what the loaded
/// tables hold, without the mapped program and libraries. Linux only; nil elsewhere.
enum ResidentMemory {
    static func anonymousBytes() -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("RssAnon:") else { continue }
            let kilobytes = text.dropFirst(8).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
