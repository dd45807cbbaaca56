/// Small-cell suppression, the project's disclosure rule (README, "Privacy").
///
/// Primary: a cell based on fewer than `threshold` persons shows `..` — a count from 1 to
/// threshold − 1, a percent of that small a count, a share whose denominator is that small, a
/// mean, median, sum, min, max or quantile over the values of that few, a `distinct` count over
/// a group of that few (the units are persons: `PersonTally` lowers a basis of rows to its
/// persons where they are fewer). A zero is shown: it exposes nobody.
///
/// Secondary: a suppressed cell must not be recoverable from the total of its line (a column
/// with the total row, a row of `across` with the total column). A line with exactly one
/// suppressed cell also loses its next smallest cell (or its total when no other cell has any
/// units), repeated until every line holds none or at least two; a `compare` difference built
/// from a suppressed cell is suppressed too, and so is the interval of any hidden value.
/// `note` says, for the rows shown, how many are hidden and why.
enum Suppression {
    static func apply(_ table: ResultTable, threshold: Int) -> ResultTable {
        var table = table
        var suppressed = Set<Position>()
        // Primary.
        for (r, row) in table.rows.enumerated() {
            for (c, basis) in row.basis.enumerated() where table.columns[c].role != .interval {
                if let basis, basis > 0, basis < threshold { suppressed.insert(Position(r, c)) }
            }
        }
        guard !suppressed.isEmpty else { return table }

        // Secondary, over the lines of the table, until nothing changes.
        let lines = self.lines(table)
        var changed = true
        while changed {
            changed = false
            for line in lines {
                // The line's cells add up to its total: one hidden member (a cell or the total)
                // would follow from the others.
                let hidden = (line.cells + [line.total]).filter { suppressed.contains($0) }
                guard hidden.count == 1 else { continue }
                let candidates = line.cells.filter { !suppressed.contains($0) && (basis(table, $0) ?? 0) > 0 }
                if let next = candidates.min(by: { basis(table, $0)! < basis(table, $1)! }) {
                    suppressed.insert(next)
                } else if !suppressed.contains(line.total) {
                    suppressed.insert(line.total)
                } else {
                    continue
                }
                changed = true
            }
        }
        // A difference of two values hides with either of them.
        for (r, row) in table.rows.enumerated() {
            for (c, column) in table.columns.enumerated() where column.role == .difference {
                // The compared ends, as ResultBuilder takes them: not the group of missing values.
                let compared = table.columns.indices.filter {
                    table.columns[$0].measure == column.measure && table.columns[$0].role == .measure && table.columns[$0].pivotValue != DimensionKeys.missingLabel
                }
                if let first = compared.first, let last = compared.last,
                   suppressed.contains(Position(r, first)) || suppressed.contains(Position(r, last)) {
                    if case .empty = row.cells[c] { continue }
                    suppressed.insert(Position(r, c))
                }
            }
        }
        // An interval hides with its value (the cell before it): a Wilson interval gives the
        // share back, a mean's the mean.
        for (r, row) in table.rows.enumerated() {
            for c in table.columns.indices.dropFirst() where table.columns[c].role == .interval && suppressed.contains(Position(r, c - 1)) {
                if case .empty = row.cells[c] { continue }
                suppressed.insert(Position(r, c))
            }
        }
        for position in suppressed { table.rows[position.row].cells[position.column] = .suppressed }
        return table
    }

    /// The footer for the hidden cells of `table` as shown (after `top`): how many are small
    /// themselves, how many more hide to protect them. Nil when none is hidden.
    static func note(_ table: ResultTable, threshold: Int, locale: Locale) -> String? {
        var primary = 0, secondary = 0
        for row in table.rows {
            for (c, cell) in row.cells.enumerated() where cell == .suppressed && table.columns[c].role != .interval {
                let basis = c < row.basis.count ? row.basis[c] ?? 0 : 0
                if basis > 0 && basis < threshold { primary += 1 } else { secondary += 1 }
            }
        }
        guard primary + secondary > 0 else { return nil }
        return locale.suppressionNote(primary: primary, secondary: secondary, threshold: threshold)
    }

    struct Position: Hashable {
        let row: Int, column: Int
        init(_ row: Int, _ column: Int) { self.row = row; self.column = column }
    }

    /// Cells whose total is shown: the data cells of a line and the cell of its total.
    struct Line {
        var cells: [Position]
        var total: Position
    }

    private static func basis(_ table: ResultTable, _ p: Position) -> Int? {
        let basis = table.rows[p.row].basis
        return p.column < basis.count ? basis[p.column] : nil
    }

    static func lines(_ table: ResultTable) -> [Line] {
        let dataRows = table.rows.indices.filter { !table.rows[$0].isTotal }
        let totalRow = table.rows.indices.first { table.rows[$0].isTotal }
        var lines: [Line] = []
        // Columns: the data rows above the total row.
        if let totalRow {
            for (c, column) in table.columns.enumerated() where column.role == .measure || column.role == .total {
                lines.append(Line(cells: dataRows.map { Position($0, c) }, total: Position(totalRow, c)))
            }
        }
        // Rows of across: a measure's pivot columns and its total column.
        var measures: [String] = []
        for column in table.columns where column.role == .total { if let m = column.measure { measures.append(m) } }
        for measure in measures {
            let values = table.columns.indices.filter { table.columns[$0].role == .measure && table.columns[$0].measure == measure }
            guard let total = table.columns.indices.first(where: { table.columns[$0].role == .total && table.columns[$0].measure == measure }) else { continue }
            for r in table.rows.indices {
                lines.append(Line(cells: values.map { Position(r, $0) }, total: Position(r, total)))
            }
        }
        return lines
    }
}

extension Locale {
    func suppressionNote(primary: Int, secondary: Int, threshold: Int) -> String {
        let cells = { (n: Int) in n == 1 ? "1 cell" : (language == .sv ? "\(self.integer(n)) celler" : "\(self.integer(n)) cells") }
        // (After `top`, the rows shown may hold only cells hidden to protect others.)
        if language == .sv {
            let small = "\(cells(primary)) bygger på färre än \(threshold) personer"
            let more = "\(cells(secondary)) \(primary > 0 ? "till " : "")så att \(primary > 0 ? "de" : "små celler") inte kan räknas fram ur summorna"
            let parts = (primary > 0 ? [small] : []) + (secondary > 0 ? [more] : [])
            return ".. = dold: " + parts.joined(separator: ", ") + " (set suppress off visar dem)"
        }
        let small = "\(cells(primary)) based on fewer than \(threshold) persons"
        let more = "\(cells(secondary)) \(primary > 0 ? "more " : "")so that \(primary > 0 ? "they" : "small cells") cannot be recovered from the totals"
        let parts = (primary > 0 ? [small] : []) + (secondary > 0 ? [more] : [])
        return ".. = suppressed: " + parts.joined(separator: ", ") + " (set suppress off shows them)"
    }
}
