// libFuzzer target: the CSV loader. The first byte picks the table; the rest is the file.
// Any input must load or fail with a LoadError: never a crash or a hang.
// Built by `make fuzz` (swiftc -sanitize=fuzzer), not by SwiftPM; see Fuzz/README.md.
import FinsamDataset
import FinsamStore
import Glibc

/// A small dataset: loading re-points references into the replaced table, so keep it cheap.
nonisolated(unsafe) let dataset = BuiltInDataset.make(deltagareRows: 1000)
nonisolated(unsafe) let path = (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/finsam-fuzz-csv-\(getpid()).csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let table = TableName.allCases[Int(data[0]) % TableName.allCases.count]
    guard let file = fopen(path, "wb") else { return 0 }
    if size > 1 { fwrite(data + 1, 1, size - 1, file) }
    fclose(file)
    do {
        let loaded = try CSVLoader.loadTable(table, from: path, into: dataset)
        precondition(loaded[table].rowCount >= 0)
    } catch {
        _ = error.description
    }
    return 0
}
