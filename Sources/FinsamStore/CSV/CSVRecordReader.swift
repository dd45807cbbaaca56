#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams RFC 4180 records from a file through one reusable buffer. A record's fields are
/// byte ranges into that buffer, valid until the next call of `next()`: no allocation per
/// field. Quoted fields with doubled quotes are unescaped into a reused scratch buffer.
final class CSVRecordReader {
    struct Field {
        var start: Int
        var end: Int
        var escaped: Bool
    }

    let path: String
    private let fd: Int32
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    @exclusivity(unchecked) private var filled = 0
    @exclusivity(unchecked) private var position = 0
    private var eof = false
    private(set) var bytesRead = 0
    // Fields live in a buffer of our own, not an array: the loader reads them 200 million times
    // for 10M rows, and an array's retain and uniqueness checks per access cost a third of the load.
    @exclusivity(unchecked) private var fieldBuffer: UnsafeMutablePointer<Field>
    @exclusivity(unchecked) private var fieldCapacity = 32
    /// The current record's number of fields.
    @exclusivity(unchecked) private(set) var fieldCount = 0
    private var scratch: [UInt8] = []
    /// The line on which the current record starts (1-based), and its offset in the buffer.
    @exclusivity(unchecked) private(set) var line = 0
    @exclusivity(unchecked) private(set) var recordStart = 0
    @exclusivity(unchecked) private var nextLine = 1
    static let maxRecordBytes = 64 << 20

    /// Where reading starts and stops in the file (a part of it, for a parallel load).
    private var fileOffset = 0
    private var endOffset = Int.max

    /// The field separator: ',' in the project's format, ';' as Swedish Excel writes CSV.
    let separator: UInt8

    /// Reads `path`, or only the bytes of `range` (which should start at a record's start).
    /// The file as errors name it (the user's file, when `path` is a converted copy of it).
    let displayPath: String

    init(path: String, range: Range<Int>? = nil, separator: UInt8 = UInt8(ascii: ","), displayPath: String? = nil) throws(LoadError) {
        self.path = path
        self.separator = separator
        self.displayPath = displayPath ?? path
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LoadError(file: self.displayPath, message: Message(.cannotOpen, Message.systemError(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw LoadError(file: self.displayPath, message: Message(.notRegularFile), hint: Message(.nameCSV))
        }
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LoadError(file: self.displayPath, message: Message(.cannotOpen, Message.systemError(errno)))
        }
        capacity = 4 << 20
        buffer = .allocate(capacity: capacity)
        fieldBuffer = .allocate(capacity: fieldCapacity)
        if let range { fileOffset = range.lowerBound; endOffset = range.upperBound }
        try fill()
        // A UTF-8 byte order mark is not part of the first header name.
        if fileOffset == filled, filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
    }

    deinit {
        buffer.deallocate()
        fieldBuffer.deallocate()
        close(fd)
    }

    /// Bytes of the file (or part) past the current record, when its size is known.
    var bytesToRead: Int? {
        let end = min(endOffset, fileSize)
        return end >= fileOffset ? end - fileOffset + (filled - position) : nil
    }

    /// Bytes of records returned so far (the header included).
    var bytesConsumed: Int { bytesRead - (filled - position) }

    /// Lines read so far (the line the next record starts on, less one).
    var linesRead: Int { nextLine - 1 }

    var fileSize: Int {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Moves the unread tail to the front and reads more. Returns false at end of file.
    private func fill() throws(LoadError) {
        if recordStart > 0 {
            let keep = filled - recordStart
            if keep > 0 { (buffer).update(from: buffer + recordStart, count: keep) }
            position -= recordStart
            filled = keep
            recordStart = 0
        }
        if filled == capacity {
            guard capacity < Self.maxRecordBytes else {
                throw LoadError(file: displayPath, line: line, message: Message(.recordTooLong, Self.maxRecordBytes >> 20),
                                hint: Message(.quoteOpen))
            }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let want = min(capacity - filled, endOffset - fileOffset)
        let n = want > 0 ? pread(fd, buffer + filled, want, off_t(fileOffset)) : 0
        if n < 0 { throw LoadError(file: displayPath, message: Message(.readError, Message.systemError(errno))) }
        if n == 0 { eof = true }
        filled += n
        fileOffset += n
        bytesRead += n
    }

    /// Blank lines skipped so far (an empty row between data rows is reported).
    var blankLines = 0

    /// Reads the next record; false at end of file. Blank lines are skipped.
    func next() throws(LoadError) -> Bool {
        while true {
            recordStart = position
            line = nextLine
            if position >= filled {
                if eof { return false }
                try fill()
                continue
            }
            switch try scanRecord() {
            case .complete(let newlines):
                nextLine += newlines
                if fieldCount == 1, fieldBuffer[0].start == fieldBuffer[0].end, !fieldBuffer[0].escaped, !quotedEmpty {
                    blankLines += 1
                    continue  // blank line
                }
                return true
            case .needMore:
                if eof {
                    // The last record has no final newline: scan it as complete.
                    if case .complete(let newlines) = try scanRecord(atEnd: true) {
                        nextLine += newlines
                        return !(fieldCount == 1 && fieldBuffer[0].start == fieldBuffer[0].end && !quotedEmpty)
                    }
                }
                position = recordStart
                try fill()
            }
        }
    }

    private enum ScanResult { case complete(newlines: Int), needMore }
    @exclusivity(unchecked) private var quotedEmpty = false

    private func scanRecord(atEnd: Bool = false) throws(LoadError) -> ScanResult {
        fieldCount = 0
        var p = recordStart
        var newlines = 0
        quotedEmpty = false
        while true {
            if p < filled, buffer[p] == UInt8(ascii: "\"") {
                // Quoted field: runs to the closing quote; "" is a literal quote.
                quotedEmpty = true
                let start = p + 1
                var q = start
                var escaped = false
                while true {
                    guard q < filled else {
                        if atEnd {
                            position = p
                            throw error(at: p, message: Message(.quoteNotClosed),
                                        hint: Message(.addClosingQuote))
                        }
                        return .needMore
                    }
                    let byte = buffer[q]
                    if byte == UInt8(ascii: "\"") {
                        if q + 1 < filled, buffer[q + 1] == UInt8(ascii: "\"") { escaped = true; q += 2; continue }
                        if q + 1 >= filled, !atEnd { return .needMore }
                        break
                    }
                    if byte == UInt8(ascii: "\n") { newlines += 1 }
                    q += 1
                }
                appendField(Field(start: start, end: q, escaped: escaped))
                p = q + 1
                guard p < filled else {
                    if atEnd { position = p; return .complete(newlines: newlines + 1) }
                    return .needMore
                }
                let after = buffer[p]
                if after == separator { p += 1; continue }
                if after == UInt8(ascii: "\n") { position = p + 1; return .complete(newlines: newlines + 1) }
                if after == UInt8(ascii: "\r") {
                    if p + 1 >= filled, !atEnd { return .needMore }
                    position = p + 1 < filled && buffer[p + 1] == UInt8(ascii: "\n") ? p + 2 : p + 1
                    return .complete(newlines: newlines + 1)
                }
                throw error(at: p, message: Message(.textAfterQuote), hint: Message(.textAfterQuoteHint))
            }
            // Unquoted field: runs to a separator or the end of the line.
            let start = p
            p = Self.nextSpecial(buffer, from: p, to: filled, separator: separator)
            while p < filled {
                let byte = buffer[p]
                if byte == separator || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                if byte == UInt8(ascii: "\"") {
                    throw error(at: p, message: Message(.quoteInside),
                                hint: Message(.quoteInsideHint))
                }
                p += 1
            }
            guard p < filled else {
                if atEnd {
                    appendField(Field(start: start, end: p, escaped: false))
                    position = p
                    return .complete(newlines: 1)
                }
                return .needMore
            }
            appendField(Field(start: start, end: p, escaped: false))
            let byte = buffer[p]
            if byte == separator { p += 1; continue }
            if byte == UInt8(ascii: "\r") {
                if p + 1 >= filled, !atEnd { return .needMore }
                position = p + 1 < filled && buffer[p + 1] == UInt8(ascii: "\n") ? p + 2 : p + 1
            } else {
                position = p + 1
            }
            return .complete(newlines: newlines + 1)
        }
    }

    /// The first byte at or after `p` that is the separator, a quote, CR or LF, or else a
    /// point less than 8 bytes before `end`. Eight bytes at a time (SWAR): fields average about
    /// eight bytes, and a byte-by-byte test of four cases was a fifth of the load.
    @inline(__always)
    private static func nextSpecial(_ buffer: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int, separator: UInt8) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let sep = UInt64(separator) &* ones, quote = UInt64(UInt8(ascii: "\"")) &* ones
        let lf = UInt64(UInt8(ascii: "\n")) &* ones, cr = UInt64(UInt8(ascii: "\r")) &* ones
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        var p = start
        while p + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(buffer + p).loadUnaligned(as: UInt64.self))
            let found = zeroBytes(word ^ sep) | zeroBytes(word ^ quote) | zeroBytes(word ^ lf) | zeroBytes(word ^ cr)
            // The lowest flagged byte is exact (a borrow only flags bytes above a true match).
            if found != 0 { return p + found.trailingZeroBitCount >> 3 }
            p += 8
        }
        return p
    }

    @inline(__always)
    private func appendField(_ field: Field) {
        if fieldCount == fieldCapacity {
            let bigger = UnsafeMutablePointer<Field>.allocate(capacity: fieldCapacity * 2)
            bigger.moveInitialize(from: fieldBuffer, count: fieldCount)
            fieldBuffer.deallocate()
            fieldBuffer = bigger
            fieldCapacity *= 2
        }
        (fieldBuffer + fieldCount).initialize(to: field)
        fieldCount += 1
    }

    /// Field `i` of the current record (`i < fieldCount`).
    @inline(__always)
    func field(_ i: Int) -> Field {
        precondition(i < fieldCount)
        return fieldBuffer[i]
    }

    /// Whether every field of the current record is empty (a row of `;;;;`).
    var allFieldsEmpty: Bool {
        (0..<fieldCount).allSatisfy { fieldBuffer[$0].start == fieldBuffer[$0].end }
    }

    /// The bytes of field `i`, unescaped; valid until the next record.
    @inline(__always)
    func withField<R, E: Error>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        let field = self.field(i)
        if !field.escaped {
            return try body(UnsafeBufferPointer(start: buffer + field.start, count: field.end - field.start))
        }
        scratch.removeAll(keepingCapacity: true)
        var p = field.start
        while p < field.end {
            scratch.append(buffer[p])
            p += buffer[p] == UInt8(ascii: "\"") ? 2 : 1
        }
        var result: Result<R, E>?
        scratch.withUnsafeBufferPointer { bytes in
            do throws(E) { result = .success(try body(bytes)) } catch { result = .failure(error) }
        }
        return try result!.get()
    }

    /// The text of field `i`, for messages (invalid UTF-8 shown with replacement characters).
    func text(ofField i: Int) -> String {
        (try? withField(i) { (bytes: UnsafeBufferPointer<UInt8>) throws(FieldError) in String(decoding: bytes, as: UTF8.self) }) ?? ""
    }

    /// The current record's first line, for the caret display.
    func sourceLine() -> String {
        var end = recordStart
        while end < filled, buffer[end] != UInt8(ascii: "\n"), buffer[end] != UInt8(ascii: "\r") { end += 1 }
        return String(decoding: UnsafeBufferPointer(start: buffer + recordStart, count: end - recordStart), as: UTF8.self)
    }

    /// 1-based character column and line of a byte offset inside the current record.
    func place(ofOffset offset: Int) -> (line: Int, column: Int) {
        var lineNumber = line
        var lineStart = recordStart
        var p = recordStart
        while p < offset, p < filled {
            if buffer[p] == UInt8(ascii: "\n") { lineNumber += 1; lineStart = p + 1 }
            p += 1
        }
        var column = 1
        p = lineStart
        while p < offset, p < filled {
            if buffer[p] & 0xC0 != 0x80 { column += 1 }
            p += 1
        }
        return (lineNumber, column)
    }

    /// Place of field i (its opening quote, if quoted), or of a byte offset inside it.
    func place(ofField i: Int, offset: Int? = nil) -> (line: Int, column: Int) {
        let field = self.field(i)
        if let offset, !field.escaped { return place(ofOffset: field.start + offset) }
        let quoted = field.start > recordStart && buffer[field.start - 1] == UInt8(ascii: "\"")
        return place(ofOffset: quoted ? field.start - 1 : field.start)
    }

    /// The first 4 KB hold a NUL byte: a binary file, not CSV text.
    var looksBinary: Bool {
        (0..<min(filled, 4096)).contains { buffer[$0] == 0 }
    }

    private func error(at offset: Int, message: Message, hint: Message?) -> LoadError {
        let (lineNumber, column) = place(ofOffset: offset)
        return LoadError(file: displayPath, line: lineNumber, column: column, message: message, hint: hint,
                         sourceLine: lineNumber == line ? sourceLine() : nil)
    }
}

/// A field that does not parse, before the loader adds its place.
struct FieldError: Error {
    var message: Message
    var hint: Message?
    /// The offending part of the field (bytes from its start), when it is not the whole field.
    var part: Range<Int>?
}
