import FinsamStore
/// Draws a chart with block characters in a given number of terminal columns: horizontal
/// bars (eighths of a cell for one series, shades for several), columns over years, or
/// lines over years; labels, values, a legend.
public enum TerminalChart {
    static let shades: [Character] = ["█", "▓", "▒", "░"]
    static let markers: [Character] = ["●", "○", "■", "□", "▲", "△"]

    /// The chart as text for a terminal `width` columns wide.
    public static func render(_ chart: Chart, width: Int, settings: DisplaySettings) -> String {
        let width = max(width, 30)
        var lines = [clip(chart.title, width)]
        switch chart.style {
        case .bars: lines += bars(chart, width: width, settings: settings)
        case .columns: lines += columns(chart, width: width, settings: settings)
        case .lines: lines += lineChart(chart, width: width, settings: settings)
        }
        if chart.series.count > 1 {
            let symbols = chart.style == .lines ? markers : shades
            lines += wrap(chart.series.enumerated().map { "\(symbols[$0.offset % symbols.count]) \($0.element.name)" }, width: width, separator: "   ")
        }
        for note in chart.notes { lines += wrap(note.split(separator: " ").map(String.init), width: width, separator: " ") }
        return lines.joined(separator: "\n")
    }

    /// Items joined into lines no wider than `width`.
    static func wrap(_ items: [String], width: Int, separator: String) -> [String] {
        var lines: [String] = [], line = ""
        for item in items {
            let item = clip(item, width)
            if line.isEmpty { line = item; continue }
            if Self.width(line) + separator.count + Self.width(item) > width { lines.append(line); line = item } else { line += separator + item }
        }
        return line.isEmpty ? lines : lines + [line]
    }

    static func width(_ s: String) -> Int { Renderer.width(s) }
    static func pad(_ s: String, _ n: Int, right: Bool = false) -> String { Renderer.pad(s, n, right: right) }

    static func clip(_ s: String, _ n: Int) -> String { width(s) <= n ? s : String(s.prefix(max(1, n - 1))) + "…" }

    /// A horizontal bar of `fraction` of `cells` cells, in eighths when `fill` is the full block.
    static func bar(_ fraction: Double, cells: Int, fill: Character) -> String {
        let eighths = Int((max(0, min(1, fraction)) * Double(cells * 8)).rounded())
        var s = String(repeating: fill, count: eighths / 8)
        if fill == "█", eighths % 8 > 0 { s.append(["▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8 - 1]) }
        else if fill != "█", eighths % 8 >= 4 { s.append(fill) }
        return s
    }

    static func bars(_ chart: Chart, width: Int, settings: DisplaySettings) -> [String] {
        func texts(intervals: Bool) -> [[String]] {
            chart.series.map { s in s.values.indices.map { i in
                chart.text(s, i, settings: settings) + (intervals ? chart.text(s.intervals[i], settings: settings).map { " (\($0))" } ?? "" : "")
            } }
        }
        var valueTexts = texts(intervals: true)
        let labelWidth = min(chart.categories.map(Self.width).max() ?? 0, width / 3)
        var valueWidth = valueTexts.flatMap { $0 }.map(Self.width).max() ?? 0
        if labelWidth + valueWidth + 11 > width {
            // Too narrow for the intervals next to the values: the values alone.
            valueTexts = texts(intervals: false)
            valueWidth = valueTexts.flatMap { $0 }.map(Self.width).max() ?? 0
        }
        let cells = max(8, width - labelWidth - valueWidth - 3)
        let scale = chart.maximum > 0 ? chart.maximum : 1
        var lines: [String] = []
        for (c, category) in chart.categories.enumerated() {
            if chart.series.count > 1, c > 0 { lines.append("") }
            for (s, series) in chart.series.enumerated() {
                let label = s == 0 ? clip(category, labelWidth) : ""
                let fill = chart.series.count == 1 ? "█" : shades[s % shades.count]
                let drawn = bar((series.values[c] ?? 0) / scale, cells: cells, fill: fill)
                lines.append(pad(label, labelWidth) + " │" + pad(drawn, cells) + " " + valueTexts[s][c])
            }
        }
        return lines.map { $0.trailingSpacesRemoved }
    }

    /// The y axis: its labels (top, middle, bottom) and their width.
    static func axis(_ chart: Chart, height: Int, settings: DisplaySettings) -> (labels: [String], top: Double) {
        let top = Chart.ticks(upTo: chart.maximum).last ?? 1
        var labels = [String](repeating: "", count: height)
        let texts = chart.axisTexts([top, top / 2, 0], settings: settings)
        (labels[0], labels[height / 2], labels[height - 1]) = (texts[0], texts[1], texts[2])
        let w = labels.map(Self.width).max() ?? 0
        return (labels.map { pad($0, w, right: true) }, top)
    }

    static func columns(_ chart: Chart, width: Int, settings: DisplaySettings) -> [String] {
        let height = 10
        let (axisLabels, top) = axis(chart, height: height, settings: settings)
        let axisWidth = Self.width(axisLabels[0]) + 2
        let values = chart.series[0].values
        let valueTexts = values.indices.map { chart.text(chart.series[0], $0, settings: settings) }
        let wanted = max(chart.categories.map(Self.width).max() ?? 4, valueTexts.map(Self.width).max() ?? 0)
        let room = (width - axisWidth) / chart.categories.count - 1
        let columnWidth = max(1, min(wanted, room))
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        var lines: [String] = []
        for level in 0..<height {
            var line = axisLabels[level] + " │"
            for v in values {
                let eighths = Int(((v ?? 0) / top * Double(height * 8)).rounded())
                let below = (height - 1 - level) * 8
                let filled = eighths - below
                let glyph: String = filled >= 8 ? "█" : filled > 0 ? String(blocks[filled - 1]) : " "
                line += " " + String(repeating: glyph, count: columnWidth)
            }
            lines.append(line)
        }
        let indent = String(repeating: " ", count: axisWidth - 1) + "└"
        lines.append(indent + String(repeating: "─", count: chart.categories.count * (columnWidth + 1)))
        let names = chart.categories.map { columnWidth >= 4 ? $0 : columnWidth == 3 ? "'" + String($0.suffix(2)) : String($0.suffix(2)) }
        lines.append(String(repeating: " ", count: axisWidth) + names.map { " " + pad(clip($0, columnWidth), columnWidth) }.joined())
        if valueTexts.allSatisfy({ Self.width($0) <= columnWidth }) {
            lines.append(String(repeating: " ", count: axisWidth) + valueTexts.map { " " + pad($0, columnWidth) }.joined())
        } else {
            lines += wrap(zip(chart.categories, valueTexts).map { "\($0): \($1)" }, width: width, separator: "  ")
        }
        return lines.map { $0.trailingSpacesRemoved }
    }

    static func lineChart(_ chart: Chart, width: Int, settings: DisplaySettings) -> [String] {
        let height = 12
        let (axisLabels, top) = axis(chart, height: height, settings: settings)
        let axisWidth = Self.width(axisLabels[0]) + 2
        let n = chart.categories.count
        let step = max(2, min(8, (width - axisWidth - 4) / max(1, n - 1)))
        let plotWidth = step * (n - 1) + 1
        var grid = [[Character]](repeating: [Character](repeating: " ", count: plotWidth), count: height)
        func row(_ v: Double) -> Int { height - 1 - Int((v / top * Double(height - 1)).rounded()) }
        for (s, series) in chart.series.enumerated() {
            let marker = markers[s % markers.count]
            for i in 0..<n {
                guard let v = series.values[i] else { continue }
                if i + 1 < n, let w = series.values[i + 1] {
                    for k in 1..<step {
                        let y = row(v + (w - v) * Double(k) / Double(step))
                        if grid[y][i * step + k] == " " { grid[y][i * step + k] = "·" }
                    }
                }
                grid[row(v)][i * step] = marker
            }
        }
        var lines = (0..<height).map { axisLabels[$0] + " │ " + String(grid[$0]) }
        lines.append(String(repeating: " ", count: axisWidth - 1) + "└" + String(repeating: "─", count: plotWidth + 2))
        // Year labels under their points, as many as fit.
        var labels = [Character](repeating: " ", count: plotWidth + 4)
        var next = 0
        for (i, year) in chart.categories.enumerated() {
            let text = Array(step >= 5 ? year : "'" + year.suffix(2))
            let at = i * step
            guard at >= next, at + text.count <= labels.count else { continue }
            for (k, ch) in text.enumerated() { labels[at + k] = ch }
            next = at + text.count + 1
        }
        lines.append(String(repeating: " ", count: axisWidth + 1) + String(labels))
        return lines.map { $0.trailingSpacesRemoved }
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
