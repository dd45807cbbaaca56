#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a CSV file is written: the project's own format (UTF-8, commas) or as Swedish Excel
/// saves it (semicolons, often Windows-1252, CRLF line ends). Told from the file's first
/// 64 KB: the separator that occurs more often in the header line outside quotes, and the
/// encoding by whether the bytes are valid UTF-8. CRLF needs nothing: the reader takes both.
public struct CSVDialect: Sendable, Equatable {
    public enum Encoding: Sendable, Equatable { case utf8, windows1252 }
    public var separator: UInt8
    public var encoding: Encoding

    public static let standard = CSVDialect(separator: UInt8(ascii: ","), encoding: .utf8)

    /// For the load report: how the file was read, when that is not the project's format.
    public var description: String? {
        guard self != .standard else { return nil }
        let separatorName = Message(separator == UInt8(ascii: ";") ? .semicolonSeparated : separator == 9 ? .tabSeparated : .commaSeparated)
        return (encoding == .windows1252 ? Message(.windows1252Text, separatorName) : separatorName).localized
    }

    public static func detect(path: String) -> CSVDialect {
        guard let (sample, complete) = sample(path: path) else { return .standard }
        return detect(sample: sample, complete: complete)
    }

    /// The first 64 KiB of a file, and whether that is all of it (nil: unreadable or empty).
    private static func sample(path: String) -> (bytes: [UInt8], complete: Bool)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var sample = [UInt8](repeating: 0, count: 1 << 16)
        let n = sample.withUnsafeMutableBytes { read(fd, $0.baseAddress, 1 << 16) }
        guard n > 0 else { return nil }
        sample.removeSubrange(n...)
        return (sample, n < 1 << 16)
    }

    /// For files that open with title lines before the header (SCB's exports): the separator
    /// (comma, semicolon or tab) that splits the most of the first 50 lines into three or more
    /// fields outside quotes, since a title may hold commas of its own; the encoding as `detect`.
    public static func detectBelowTitles(path: String) -> CSVDialect {
        guard let (sample, complete) = sample(path: path) else { return .standard }
        var dialect = detect(sample: sample, complete: complete)
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 9]
        var lines = [Int](repeating: 0, count: 3), totals = [Int](repeating: 0, count: 3)
        var counts = [Int](repeating: 0, count: 3), quoted = false, lineCount = 0
        for byte in sample + [10] {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == 10 {
                for i in 0..<3 {
                    if counts[i] >= 2 { lines[i] += 1 }
                    totals[i] += counts[i]
                    counts[i] = 0
                }
                quoted = false
                lineCount += 1
                if lineCount == 50 { break }
                continue
            }
            if !quoted, let i = candidates.firstIndex(of: byte) { counts[i] += 1 }
        }
        let best = (0..<3).max { (lines[$0], totals[$0], -$0) < (lines[$1], totals[$1], -$1) }!
        if lines[best] > 0 { dialect.separator = candidates[best] }
        return dialect
    }

    static func detect(sample: [UInt8], complete: Bool) -> CSVDialect {
        var commas = 0, semicolons = 0, quoted = false
        for byte in sample {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: ",") { commas += 1 }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
        }
        // Windows-1252 when bytes above 0x7F occur and none of them forms a UTF-8 sequence. A
        // UTF-8 file with a few broken bytes stays UTF-8 (the field's error points at them);
        // Swedish in Windows-1252 (å = E5, ö = F6 before ASCII) never forms a sequence.
        var valid = 0, invalid = 0, i = 0
        while i < sample.count {
            let byte = sample[i]
            guard byte >= 0x80 else { i += 1; continue }
            let length = byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3 : byte >= 0xF0 && byte <= 0xF4 ? 4 : 0
            if length > 0, i + length <= sample.count, (1..<length).allSatisfy({ sample[i + $0] & 0xC0 == 0x80 }) {
                valid += 1
                i += length
            } else {
                if !(length > 0 && i + length > sample.count && !complete) { invalid += 1 }  // not a character cut by the sample's end
                i += 1
            }
        }
        let utf8 = valid > 0 || invalid == 0
        return CSVDialect(separator: semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ","),
                          encoding: utf8 ? .utf8 : .windows1252)
    }
}

/// Windows-1252 to UTF-8. Bytes below 0x80 and from 0xA0 are the same code points as in
/// Latin-1; 0x80–0x9F hold the typographic characters Excel writes (–, €, ’, …).
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// The UTF-8 bytes of each byte from 0x80 up.
    private static let encoded: [[UInt8]] = (0x80...0xFF).map { byte in
        let scalar = byte < 0xA0 ? high[byte - 0x80] : UInt32(byte)
        return Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
    }

    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 { out.append(byte) } else { out.append(contentsOf: encoded[Int(byte) - 0x80]) }
        }
        return out
    }

    /// The file's text as UTF-8 in a temporary file (the caller removes it).
    static func transcodedCopy(of path: String) throws(LoadError) -> String {
        guard let input = fopen(path, "rb") else {
            throw LoadError(file: path, message: Message(.cannotOpen, Message.systemError(errno)))
        }
        defer { fclose(input) }
        let file = try TemporaryFile(for: path)
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = fread(&block, 1, block.count, input)
            if n <= 0 { break }
            try file.append(utf8(Array(block[0..<n])), for: path)
        }
        file.finish()
        let temporary = file.path
        return temporary
    }
}
