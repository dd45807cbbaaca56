import ArgumentParser
import Finsam
import FinsamStore

#if canImport(Glibc)
import Glibc
#endif

/// `finsam generate`: writes the built-in dataset, or a scaled variant, as CSV files.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the built-in dataset (or a scaled variant) as CSV files.",
        discussion: """
        Writes deltagare.csv, insatser.csv, forbund.csv, kommuner.csv and befolkning.csv in the \
        project's CSV format (UTF-8, comma-separated, sets joined by ';', the empty set written 'ingen').

        Without --rows the files hold the calibrated dataset, whose rows reproduce the \
        published figures. With --rows the deltagare table is scaled to N rows with the same \
        distributions; förbund, kommuner, insatser and befolkning stay as they are.
        """)

    @Option(help: "Number of deltagare rows (default: the calibrated size).")
    var rows: Int?

    @Option(help: "Seed of the generator; the same seed gives the same files.")
    var seed: UInt64 = BuiltInDataset.defaultSeed

    @Option(help: "The folder to write into (created if missing).")
    var out: String

    func validate() throws {
        if let rows, rows < 1000 { throw ValidationError("--rows must be at least 1000 (the calibrated size is \(BuiltInDataset.calibratedRowCount))") }
        if let rows, rows > 200_000_000 { throw ValidationError("--rows must be at most 200000000") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let verbose: Bool = isatty(2) != 0 || rows != nil
        if verbose { printError("generating \(rows.map(String.init) ?? "the calibrated") deltagare rows (seed \(seed))…") }
        let dataset = BuiltInDataset.make(seed: seed, deltagareRows: rows)
        if verbose { printError("generated in \(seconds(clock.now - start)); writing \(out)…") }
        let writeStart = clock.now
        do {
            try CSVWriter.write(dataset, to: out) { table, done, total in
                guard verbose, total >= 1_000_000, done < total else { return }
                printError("  \(table.fileName): \(done * 100 / total) %")
            }
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        if verbose { printError("written in \(seconds(clock.now - writeStart))") }
        for table in dataset.tables { print("\(out)/\(table.name.fileName)\t\(table.rowCount) rows") }
    }

    private func seconds(_ duration: Duration) -> String {
        let hundredths = Int((duration.inMilliseconds / 10).rounded())
        return "\(hundredths / 100).\(String(hundredths % 100).leftPadding(2).replacingSpaces(with: "0")) s"
    }
}

func printError(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

extension String {
    func replacingSpaces(with character: Character) -> String { String(map { $0 == " " ? character : $0 }) }
}
