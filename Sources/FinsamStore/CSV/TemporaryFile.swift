#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file that a load reads instead of the user's (a UTF-8 copy of a Windows-1252
/// file, a workbook's sheet as CSV). Its writer removes it when the load is done.
struct TemporaryFile {
    let path: String
    private let fd: Int32

    /// A new empty file, or an error naming `source` (the file the copy is made for).
    init(for source: String) throws(LoadError) {
        var template = Array("/tmp/finsam-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw LoadError(file: source, message: Message(.tempFile)) }
        self.fd = fd
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Appends bytes; on failure the file is removed and the error names `source`.
    func append(_ bytes: [UInt8], for source: String) throws(LoadError) {
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            let reason = String(cString: strerror(errno))
            finish()
            unlink(path)
            throw LoadError(file: source, message: Message(.tempCopy, reason))
        }
    }

    /// Closes the file (it stays until its writer removes it).
    func finish() { _ = close(fd) }
}
