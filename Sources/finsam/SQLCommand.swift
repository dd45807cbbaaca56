import ArgumentParser
import Finsam
import FinsamStore

/// `finsam sql QUERY`: the query as one DuckDB statement over the CSV files (not run).
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print one DuckDB SQL statement that answers the query from the CSV files.",
        discussion: """
        The statement reads the files of --data DIR (default: data, as `finsam generate --out data` \
        writes them) with read_csv and answers the same question: the escape hatch when a question \
        outgrows finsam. The names and values in the query are checked against the tables first.
        """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The query, e.g. \"from deltagare where år = 2018 show count by kön\".")
    var query: String

    func run() throws {
        do {
            print(try common.makeSession().sql(query))
        } catch let error as FinsamError {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}
