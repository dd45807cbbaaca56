// libFuzzer target: the loader. The first byte picks what the rest is:
//   below 0x80: a file of table (byte % 5) in any layout the loader detects;
//   0x80–0x9F: a deltagare file read through the built-in DIS profile (odd: lenient);
//   0xA0–0xBF: SCB's population table read into befolkning through `as scb` (odd: lenient);
//   0xC0 and up: the text of an import profile.
// Any input must load or fail with a LoadError: never a crash or a hang.
// Built by `make fuzz` (swiftc -sanitize=fuzzer), not by SwiftPM; see Fuzz/README.md.
import FinsamDataset
import FinsamStore
import Glibc

/// A small dataset: loading re-points references into the replaced table, so keep it cheap.
nonisolated(unsafe) let dataset = BuiltInDataset.make(deltagareRows: 300)
nonisolated(unsafe) let path = (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/finsam-fuzz-csv-\(getpid()).csv"
nonisolated(unsafe) let dis = BuiltInProfiles.named("dis")!
/// The DIS profile's parameters: an individinriktad insats of the dataset and its förbund.
nonisolated(unsafe) let disParameters: [(name: String, value: String)] = {
    let insatser = dataset.insatser
    let row = insatser.codes("typ").firstIndex(of: 0) ?? 0
    let förbund = insatser.references("förbund")[row]
    return [("förbund", dataset.forbund.texts("id")[Int(förbund)] ?? ""), ("insats", String(insatser.ints("id")[row]))]
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let mode = data[0]
    if mode >= 0xC0 {
        let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
        do { _ = try ImportProfile.parse(text, file: "fuzz.yaml") } catch { _ = error.description }
        return 0
    }
    guard let file = fopen(path, "wb") else { return 0 }
    if size > 1 { fwrite(data + 1, 1, size - 1, file) }
    fclose(file)
    do {
        if mode >= 0xA0 {
            let options = ImportOptions(layout: .scb, unknownValues: mode & 1 == 0 ? .strict : .lenient)
            let loaded = try CSVLoader.loadTableReporting(.befolkning, from: path, into: dataset, options: options)
            precondition(loaded.report.rows == loaded.dataset.befolkning.rowCount)
        } else if mode >= 0x80 {
            let options = ImportOptions(profile: dis, parameters: disParameters, unknownValues: mode & 1 == 0 ? .strict : .lenient)
            let loaded = try CSVLoader.loadTableReporting(.deltagare, from: path, into: dataset, options: options)
            precondition(loaded.report.rows == loaded.dataset.deltagare.rowCount)
        } else {
            let table = TableName.allCases[Int(mode) % TableName.allCases.count]
            let loaded = try CSVLoader.loadTable(table, from: path, into: dataset)
            precondition(loaded[table].rowCount >= 0)
        }
    } catch {
        _ = error.description
    }
    return 0
}
