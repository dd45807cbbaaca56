import Finsam
import FinsamDataset
import FinsamStore
import Foundation
import Testing

/// Differential testing: random valid queries run through finsam and, through the SQL that
/// `finsam sql` writes, through DuckDB (Tests/difftest/compare.py); every number must agree.
/// FINSAM_DIFFTEST_N sets the number of queries (default 300), FINSAM_DIFFTEST_SEED the seed
/// (default fixed); `make difftest N=10000` runs a long campaign.
@Suite struct DifferentialTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func finsamAndDuckDBAgree() throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["FINSAM_DIFFTEST_N"].flatMap(Int.init) ?? 300
        let seed = environment["FINSAM_DIFFTEST_SEED"].flatMap(UInt64.init) ?? 20_181_231
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finsam-difftest-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CSVWriter.write(BuiltInDataset.make(), to: folder.path)
        let session = try Session(directory: folder.path)
        for statement in QueryGenerator.lets { try session.run(statement) }

        var generator = QueryGenerator(dataset: session.dataset, seed: seed)
        var cases: [[String: Any]] = []
        var failures: [String] = []
        for _ in 0..<count {
            let query = generator.query()
            do {
                let table = try session.query(query)
                let sql = try session.sql(query)
                cases.append(["query": query, "sql": sql, "dimensions": Self.dimensionCount(table), "cells": Self.cells(table)])
            } catch {
                failures.append("\(query)\n\(error.description)")
            }
        }
        // Every generated query is valid: finsam must answer it.
        #expect(failures.isEmpty, "finsam failed on \(failures.count) generated queries:\n\(failures.prefix(5).joined(separator: "\n"))")

        let file = folder.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: ["cases": cases]).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("Tests/difftest/compare.py").path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print("difftest seed \(seed): \(output.split(separator: "\n").last ?? "")")
        #expect(process.terminationStatus == 0, "seed \(seed):\n\(output.suffix(8000))")
    }

    /// The dimension columns plus one for the pivot value.
    static func dimensionCount(_ table: ResultTable) -> Int {
        table.columns.filter { $0.role == .dimension }.count + (table.columns.contains { $0.pivotValue != nil || $0.role == .total } ? 1 : 0)
    }

    /// Every measure cell, keyed by its row labels (and pivot value).
    static func cells(_ table: ResultTable) -> [[Any]] {
        let dimensions = table.columns.indices.filter { table.columns[$0].role == .dimension }
        let pivoted = table.columns.contains { $0.pivotValue != nil || $0.role == .total }
        var out: [[Any]] = []
        for row in table.rows {
            let labels = dimensions.map { row.cells[$0].labelText ?? "" }
            for (c, column) in table.columns.enumerated() where column.role == .measure || column.role == .total {
                let key = labels + (pivoted ? [column.pivotValue ?? "Totalt"] : [])
                let measure = column.measure ?? column.name
                switch row.cells[c] {
                case .count(let n): out.append([key, measure, "count", n])
                case .share(let part, let whole): out.append([key, measure, "share", part, whole])
                case .number(let v): out.append([key, measure, "number", v])
                case .empty: out.append([key, measure, "empty"])
                default: out.append([key, measure, "unexpected"])
                }
            }
        }
        return out
    }
}
