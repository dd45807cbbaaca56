import FinsamStore
/// Small-cell suppression, the project's disclosure rule (README, "Privacy"; docs/suppression.md).
///
/// Primary: a cell based on fewer than `threshold` persons shows `..` — a count from 1 to
/// threshold − 1, a percent of that small a count, a proportion whose denominator is that small, a
/// value over the values of that few, a count of values over a group of that few (each
/// measure's basis is in `MeasureCatalogue`; the units are persons: `PersonTally` lowers a basis
/// of rows to its persons where they are fewer). A zero is shown: it exposes nobody.
///
/// Secondary: decided on the cube of the question (`SuppressionCube`), not on the layout: every
/// cell is protected as if all its margins were published, so `by a, b`, `by a across b` and
/// `by a compare b` hide the same cells and no two of them together give one back. A percent
/// hides with its count and with its denominators (a column's, a row's, the grand total: a
/// percent and its n would give them back); a `compare` difference built from a hidden cell is
/// hidden too, and so is the interval of any hidden value. `note` says, for the rows shown, how
/// many are hidden and why.
enum Suppression {
    /// The cube of a question and, per measure and cell of the cube, whether it is hidden.
    struct Decision {
        let cube: SuppressionCube
        let hidden: [[Bool]]

        init(_ cube: SuppressionCube, measures: [BoundMeasure], threshold: Int) {
            self.cube = cube
            hidden = cube.hidden(threshold: threshold, closed: measures.map { $0.unit == .percentOfColumn })
        }
    }

    /// (In place: a copy of the table would copy its rows to write them.)
    static func apply(_ table: inout ResultTable, _ decision: Decision, measures: [BoundMeasure]) {
        let (cube, hidden) = (decision.cube, decision.hidden)
        var suppressed = Set<Position>()
        // The measure columns, read once (not a copy of each column per row).
        let cellColumns = table.columns.indices.compactMap { c -> (c: Int, m: Int, pivot: Int?)? in
            let column = table.columns[c]
            guard column.role == .measure || column.role == .total, let m = column.measureIndex else { return nil }
            // invånare alone (a formula of no measure) is public data: nothing to protect.
            if let formula = measures[m].formula, formula.measures.isEmpty { return nil }
            return (c, m, column.pivotCode)
        }
        let pivotDimension = table.rows.lazy.compactMap(\.coordinates).first?.count ?? 0
        // Whether a measure hides the cell of a packed key.
        func isHidden(_ m: Int, _ key: Int) -> Bool { cube.cell(key).map { hidden[m][$0] } ?? false }
        for r in table.rows.indices {
            guard let rowCoordinates = table.rows[r].coordinates else { continue }
            var rowKey = 0
            for (d, code) in rowCoordinates.enumerated() { rowKey += cube.keyPart(d, code) }
            for (c, m, pivot) in cellColumns {
                // A pivot's column adds its code (the total column: all of them).
                let key = rowKey + (pivot.map { cube.keyPart(pivotDimension, $0) } ?? 0)
                let cell = cube.cell(key)
                // The cell's units as the cube counted them (persons where few), for the note.
                // (Written only where it differs: a write copies the rows.)
                if c < table.rows[r].basis.count {
                    let units = cell.map { cube.units(measure: m, cell: $0) } ?? 0
                    if table.rows[r].basis[c] != units { table.rows[r].basis[c] = units }
                }
                // A percent (even 0 % of an empty cell, with its n) hides with any of its
                // denominators in any layout: the grand total, the margin of one of its values.
                var percentHidden = false
                if measures[m].unit == .percentOfColumn {
                    let coordinates = rowCoordinates + (pivot.map { [$0] } ?? [])
                    let grand = coordinates.indices.reduce(0) { $0 + cube.keyPart($1, SuppressionCube.all) }
                    percentHidden = isHidden(m, grand) || coordinates.indices.contains { d in
                        coordinates[d] != SuppressionCube.all
                            && isHidden(m, grand - cube.keyPart(d, SuppressionCube.all) + cube.keyPart(d, coordinates[d]))
                    }
                }
                if cell.map({ hidden[m][$0] }) == true || percentHidden { suppressed.insert(Position(r, c)) }
            }
        }
        guard !suppressed.isEmpty else { return }
        // A difference of two values hides with either of them.
        let differences = table.columns.indices.compactMap { c -> (c: Int, first: Int, last: Int)? in
            let column = table.columns[c]
            guard column.role == .difference else { return nil }
            // The compared ends, as ResultBuilder takes them: not the group of missing values.
            let compared = table.columns.indices.filter {
                table.columns[$0].measure == column.measure && table.columns[$0].role == .measure && table.columns[$0].pivotValue != DimensionKeys.missingLabel
            }
            guard let first = compared.first, let last = compared.last else { return nil }
            return (c, first, last)
        }
        for r in table.rows.indices {
            for (c, first, last) in differences where suppressed.contains(Position(r, first)) || suppressed.contains(Position(r, last)) {
                if case .empty = table.rows[r].cells[c] { continue }
                suppressed.insert(Position(r, c))
            }
        }
        // An interval hides with its value (the cell before it): a Wilson interval gives the
        // proportion back, an average's the average.
        let intervals = table.columns.indices.dropFirst().filter { table.columns[$0].role == .interval }
        for r in table.rows.indices {
            for c in intervals where suppressed.contains(Position(r, c - 1)) {
                if case .empty = table.rows[r].cells[c] { continue }
                suppressed.insert(Position(r, c))
            }
        }
        for position in suppressed { table.rows[position.row].cells[position.column] = .suppressed }
    }

    /// The footer for the hidden cells of `table` as shown (after `top`): how many are small
    /// themselves, how many more hide to protect them. Nil when none is hidden.
    static func note(_ table: ResultTable, threshold: Int, locale: DisplayLocale) -> String? {
        var primary = 0, secondary = 0
        let intervals = table.columns.map { $0.role == .interval }
        for row in table.rows {
            for (c, cell) in row.cells.enumerated() where cell == .suppressed && !intervals[c] {
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

}

extension DisplayLocale {
    func suppressionNote(primary: Int, secondary: Int, threshold: Int) -> String {
        let cells = { (n: Int) in n == 1 ? Message(.oneCell, 1) : Message(.cells, self.integer(n)) }
        // (After `top`, the rows shown may hold only cells hidden to protect others.)
        let small = Message(.suppressedSmall, cells(primary), threshold)
        let more = Message(primary > 0 ? .suppressedMore : .suppressedOthers, cells(secondary))
        let parts = (primary > 0 ? [small] : []) + (secondary > 0 ? [more] : [])
        return text(Message(.suppressedNote, parts.map(text).joined(separator: ", "))) + Self.suppressionHints[language == .sv ? 0 : 1]
    }

    /// The notes' word to the user of the tool, left out of published output (charts).
    static let suppressionHints = Language.allCases.map { Message(.suppressedHint).render(in: $0) }

    /// A note as published: without instructions to the tool.
    static func published(_ note: String) -> String {
        for hint in suppressionHints where note.hasSuffix(hint) { return String(note.dropLast(hint.count)) }
        return note
    }
}
