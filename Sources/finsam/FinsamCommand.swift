import ArgumentParser
import Finsam

@main
struct FinsamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finsam",
        abstract: "Statistics over Finsam follow-up data (samordningsförbund, deltagare, insatser).",
        version: Finsam.version,
        subcommands: [Summary.self, Generate.self],
        defaultSubcommand: Summary.self
    )
}
