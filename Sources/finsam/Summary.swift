import ArgumentParser
import Finsam
import FinsamStore

/// Describes the dataset: the built-in one, or the tables of a folder.
struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Describe the dataset: tables, rows, columns and years.")

    // The root command's options (not an @Option of its own: ArgumentParser gave `--data` to the
    // root's option group, in either order, and summary described the built-in data).
    @OptionGroup var common: CommonOptions

    func run() throws {
        let directory = common.directory
        let clock = ContinuousClock()
        let start = clock.now
        let dataset: Dataset
        if let directory {
            do {
                let notes: [String]
                (dataset, notes) = try Language.with(CommonOptions.language) { try CSVLoader.loadDatasetReporting(directory: directory) }
                for note in notes { printError("note: \(note)") }
            } catch {
                printError(String(describing: error))
                throw ExitCode(1)
            }
        } else {
            dataset = BuiltInDataset.shared
        }
        let elapsed = clock.now - start
        let language = CommonOptions.language
        let t = { (m: Message) in m.render(in: language) }
        print("finsam \(Finsam.version)")
        print(t(directory.map { Message(.summaryTablesFrom, $0) } ?? Message(.summaryBuiltIn, BuiltInDataset.defaultSeed)))
        for table in dataset.tables {
            print("  \(table.name.rawValue.padding(10)) \(String(table.rowCount).leftPadding(9)) "
                  + t(Message(.summaryTableLine, table.columns.count, table.schema.summary(in: language))))
        }
        let years = dataset.deltagare.ints("startår")
        if let first = years.min(), let last = years.max() { print("  " + t(Message(.summaryStart, first, last))) }
        print(t(Message(.summaryMade, Int(elapsed.inMilliseconds))))
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
