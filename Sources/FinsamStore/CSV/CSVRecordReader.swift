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
    @exclusivity(unchecked) private(set) var fields: [Field] = []
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
        fields.reserveCapacity(32)
        if let range { fileOffset = range.lowerBound; endOffset = range.upperBound }
        try fill()
        // A UTF-8 byte order mark is not part of the first header name.
        if fileOffset == filled, filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
    }

    deinit {
        buffer.deallocate()
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
                if fields.count == 1, fields[0].start == fields[0].end, !fields[0].escaped, !quotedEmpty {
                    blankLines += 1
                    continue  // blank line
                }
                return true
            case .needMore:
                if eof {
                    // The last record has no final newline: scan it as complete.
                    if case .complete(let newlines) = try scanRecord(atEnd: true) {
                        nextLine += newlines
                        return !(fields.count == 1 && fields[0].start == fields[0].end && !quotedEmpty)
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
        fields.removeAll(keepingCapacity: true)
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
                fields.append(Field(start: start, end: q, escaped: escaped))
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
                    fields.append(Field(start: start, end: p, escaped: false))
                    position = p
                    return .complete(newlines: 1)
                }
                return .needMore
            }
            fields.append(Field(start: start, end: p, escaped: false))
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

    /// The bytes of field `i`, unescaped; valid until the next record.
    @inline(__always)
    func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(FieldError) -> R) throws(FieldError) -> R {
        let field = fields[i]
        if !field.escaped {
            return try body(UnsafeBufferPointer(start: buffer + field.start, count: field.end - field.start))
        }
        scratch.removeAll(keepingCapacity: true)
        var p = field.start
        while p < field.end {
            scratch.append(buffer[p])
            p += buffer[p] == UInt8(ascii: "\"") ? 2 : 1
        }
        var result: Result<R, FieldError>?
        scratch.withUnsafeBufferPointer { bytes in
            do throws(FieldError) { result = .success(try body(bytes)) } catch { result = .failure(error) }
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
        let field = fields[i]
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
