import FinsamStore
import Foundation

/// The same chart as a standalone SVG file: a title and description for screen readers,
/// axes with round ticks in the session's number format, bars, columns or lines, interval
/// whiskers when the query asked `with ci`, a legend for several series. Deterministic
/// output, so that golden files can test it.
public enum SVGChart {
    /// Okabe and Ito's palette: told apart also by readers with colour-blindness.
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
    static let width = 720.0
    static let font = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""

    /// The chart as an SVG document; `description` is read by screen readers. `idPrefix` keeps the
    /// title's and description's ids unique when several charts are on one page.
    public static func render(_ chart: Chart, settings: DisplaySettings, description: String? = nil, idPrefix: String = "") -> String {
        var body: [String] = []
        let notes = footnotes(chart)
        let legendHeight = chart.series.count > 1 ? 24.0 : 0
        let top = 44 + legendHeight
        let height: Double
        switch chart.style {
        case .bars: height = bars(chart, settings: settings, top: top, into: &body) + Double(notes.count) * 16
        case .columns, .lines: height = overYears(chart, settings: settings, top: top, into: &body) + Double(notes.count) * 16
        }
        var out = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-labelledby=\"\(idPrefix)title \(idPrefix)desc\">",
            "<title id=\"\(idPrefix)title\">\(escape(chart.title))</title>",
            "<desc id=\"\(idPrefix)desc\">\(escape(description ?? summary(chart, settings: settings)))</desc>",
            "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
            "<g \(font) font-size=\"13\" fill=\"#222222\">",
            "<text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"600\">\(escape(chart.title))</text>",
        ]
        if chart.series.count > 1 {
            var x = 16.0
            for (s, series) in chart.series.enumerated() {
                out.append("<rect x=\"\(n(x))\" y=\"40\" width=\"12\" height=\"12\" fill=\"\(colour(s))\"/>")
                out.append("<text x=\"\(n(x + 17))\" y=\"50.5\">\(escape(series.name))</text>")
                x += 17 + textWidth(series.name) + 22
            }
        }
        out += body
        for (i, note) in notes.enumerated() {
            out.append("<text x=\"16\" y=\"\(n(height - 10 - Double(notes.count - 1 - i) * 16))\" font-size=\"11\" fill=\"#555555\">\(escape(note))</text>")
        }
        out += ["</g>", "</svg>"]
        return out.joined(separator: "\n") + "\n"
    }

    /// The chart's notes as published: without instructions to the tool (`set suppress off …`),
    /// each wrapped at word boundaries to the chart's width (at 11 px, about 6,1 px a character).
    static func footnotes(_ chart: Chart) -> [String] {
        let limit = Int((width - 32) / 6.1)
        var lines: [String] = []
        for note in chart.notes.map(DisplayLocale.published) {
            var line = ""
            for word in note.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
                if !line.isEmpty, line.count + 1 + word.count > limit {
                    lines.append(line)
                    line = "  " + word
                } else {
                    line += line.isEmpty ? word : " " + word
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// Every value in words, for screen readers: `16–29: 37,2 % (33,1–41,3); …`.
    static func summary(_ chart: Chart, settings: DisplaySettings) -> String {
        chart.series.map { series in
            let values = chart.categories.indices.map { c in
                chart.categories[c] + ": " + chart.text(series, c, settings: settings)
                    + (chart.text(series.intervals[c], settings: settings).map { " (\($0))" } ?? "")
            }.joined(separator: "; ")
            return chart.series.count > 1 ? "\(series.name) — \(values)" : values
        }.joined(separator: ". ")
    }

    static func colour(_ s: Int) -> String { colours[s % colours.count] }

    /// A coordinate with at most one decimal.
    static func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    /// An estimate of a label's width at 13 px (no font metrics in a plain SVG writer).
    static func textWidth(_ s: String) -> Double { Double(s.count) * 7.2 }

    static func escape(_ s: String) -> String { XMLText.escaped(s) }

    static func whisker(x1: Double, y1: Double, x2: Double, y2: Double, horizontal: Bool) -> String {
        let cap = 4.0
        let caps = horizontal
            ? "<line x1=\"\(n(x1))\" y1=\"\(n(y1 - cap))\" x2=\"\(n(x1))\" y2=\"\(n(y1 + cap))\"/><line x1=\"\(n(x2))\" y1=\"\(n(y2 - cap))\" x2=\"\(n(x2))\" y2=\"\(n(y2 + cap))\"/>"
            : "<line x1=\"\(n(x1 - cap))\" y1=\"\(n(y1))\" x2=\"\(n(x1 + cap))\" y2=\"\(n(y1))\"/><line x1=\"\(n(x2 - cap))\" y1=\"\(n(y2))\" x2=\"\(n(x2 + cap))\" y2=\"\(n(y2))\"/>"
        return "<g stroke=\"#333333\" stroke-width=\"1.2\"><line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"/>\(caps)</g>"
    }

    /// `..` where a hidden value would be drawn, so that it does not read as a zero.
    static func hiddenMark(x: Double, y: Double, anchor: String, what: String, colour: String) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"12\" font-weight=\"600\" fill=\"\(colour)\"><title>\(escape(what)): ..</title>..</text>"
    }

    /// Horizontal bars, grouped by category; returns the height used.
    static func bars(_ chart: Chart, settings: DisplaySettings, top: Double, into out: inout [String]) -> Double {
        let labelWidth = min(240, (chart.categories.map(textWidth).max() ?? 0) + 12)
        let left = 16 + labelWidth, right = width - 110
        let ticks = Chart.ticks(upTo: chart.maximum)
        let scale = ticks.last ?? 1
        let barHeight = 18.0, groupGap = chart.series.count > 1 ? 12.0 : 6.0
        let groupHeight = Double(chart.series.count) * barHeight + groupGap
        let plotTop = top + 8
        let plotBottom = plotTop + Double(chart.categories.count) * groupHeight
        func x(_ v: Double) -> Double { left + (right - left) * max(0, v) / scale }
        for (t, label) in zip(ticks, chart.axisTexts(ticks, settings: settings)) {
            out.append("<line x1=\"\(n(x(t)))\" y1=\"\(n(plotTop))\" x2=\"\(n(x(t)))\" y2=\"\(n(plotBottom))\" stroke=\"#dddddd\"/>")
            out.append("<text x=\"\(n(x(t)))\" y=\"\(n(plotBottom + 16))\" text-anchor=\"middle\" font-size=\"11\">\(escape(label))</text>")
        }
        for (c, category) in chart.categories.enumerated() {
            let groupTop = plotTop + Double(c) * groupHeight + groupGap / 2
            let label = TerminalChart.clip(category, Int((labelWidth - 12) / 7.2))
            out.append("<text x=\"\(n(left - 8))\" y=\"\(n(groupTop + Double(chart.series.count) * barHeight / 2 + 4.5))\" text-anchor=\"end\">\(escape(label))</text>")
            for (s, series) in chart.series.enumerated() {
                let y = groupTop + Double(s) * barHeight
                if series.hidden[c] {
                    // Hidden, not zero: `..` where the bar would start, as the table writes it.
                    out.append(hiddenMark(x: left + 6, y: y + barHeight / 2 + 4.5, anchor: "start", what: "\(category), \(series.name)", colour: colour(s)))
                    continue
                }
                guard let v = series.values[c] else { continue }
                out.append("<rect x=\"\(n(left))\" y=\"\(n(y + 1))\" width=\"\(n(x(v) - left))\" height=\"\(n(barHeight - 2))\" fill=\"\(colour(s))\"><title>\(escape(category)), \(escape(series.name)): \(escape(chart.text(v, settings: settings)))</title></rect>")
                var end = x(v)
                if let i = series.intervals[c] {
                    out.append(whisker(x1: x(i.low), y1: y + barHeight / 2, x2: x(i.high), y2: y + barHeight / 2, horizontal: true))
                    end = max(end, x(i.high))
                }
                out.append("<text x=\"\(n(end + 6))\" y=\"\(n(y + barHeight / 2 + 4.5))\" font-size=\"12\">\(escape(chart.text(v, settings: settings)))</text>")
            }
        }
        out.append("<line x1=\"\(n(left))\" y1=\"\(n(plotTop))\" x2=\"\(n(left))\" y2=\"\(n(plotBottom))\" stroke=\"#333333\"/>")
        return plotBottom + 30
    }

    /// Columns (one series) or lines (several) over years; returns the height used.
    static func overYears(_ chart: Chart, settings: DisplaySettings, top: Double, into out: inout [String]) -> Double {
        let ticks = Chart.ticks(upTo: chart.maximum)
        let scale = ticks.last ?? 1
        let tickLabels = chart.axisTexts(ticks, settings: settings)
        let axisWidth = (tickLabels.map(textWidth).max() ?? 20) + 10
        let left = 16 + axisWidth, right = width - 24
        let plotTop = top + 12, plotBottom = plotTop + 260
        let slot = (right - left) / Double(chart.categories.count)
        func y(_ v: Double) -> Double { plotBottom - (plotBottom - plotTop) * max(0, v) / scale }
        func centre(_ c: Int) -> Double { left + slot * (Double(c) + 0.5) }
        for (t, label) in zip(ticks, tickLabels) {
            out.append("<line x1=\"\(n(left))\" y1=\"\(n(y(t)))\" x2=\"\(n(right))\" y2=\"\(n(y(t)))\" stroke=\"#dddddd\"/>")
            out.append("<text x=\"\(n(left - 6))\" y=\"\(n(y(t) + 4))\" text-anchor=\"end\" font-size=\"11\">\(escape(label))</text>")
        }
        for (c, category) in chart.categories.enumerated() {
            out.append("<text x=\"\(n(centre(c)))\" y=\"\(n(plotBottom + 18))\" text-anchor=\"middle\">\(escape(category))</text>")
        }
        if chart.style == .columns {
            let series = chart.series[0]
            let barWidth = min(56, slot * 0.7)
            for (c, category) in chart.categories.enumerated() {
                if series.hidden[c] {
                    out.append(hiddenMark(x: centre(c), y: plotBottom - 6, anchor: "middle", what: category, colour: colour(0)))
                    continue
                }
                guard let v = series.values[c] else { continue }
                out.append("<rect x=\"\(n(centre(c) - barWidth / 2))\" y=\"\(n(y(v)))\" width=\"\(n(barWidth))\" height=\"\(n(plotBottom - y(v)))\" fill=\"\(colour(0))\"><title>\(escape(category)): \(escape(chart.text(v, settings: settings)))</title></rect>")
                var labelY = y(v)
                if let i = series.intervals[c] {
                    out.append(whisker(x1: centre(c), y1: y(i.low), x2: centre(c), y2: y(i.high), horizontal: false))
                    labelY = min(labelY, y(i.high))
                }
                if slot >= textWidth(chart.text(v, settings: settings)) * 0.85 {
                    out.append("<text x=\"\(n(centre(c)))\" y=\"\(n(labelY - 6))\" text-anchor=\"middle\" font-size=\"11\">\(escape(chart.text(v, settings: settings)))</text>")
                }
            }
        } else {
            let hasIntervals = chart.series.contains { $0.intervals.contains { $0 != nil } }
            for (s, series) in chart.series.enumerated() {
                // Whiskers of several series at one year would hide each other: each series a little aside.
                let dodge = hasIntervals ? (Double(s) - Double(chart.series.count - 1) / 2) * 6 : 0
                func centre(_ c: Int) -> Double { left + slot * (Double(c) + 0.5) + dodge }
                var path: [String] = []
                for c in chart.categories.indices {
                    guard let v = series.values[c] else { continue }
                    path.append((path.isEmpty ? "M" : "L") + "\(n(centre(c))),\(n(y(v)))")
                }
                out.append("<path d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour(s))\" stroke-width=\"2.5\"/>")
                for (c, category) in chart.categories.enumerated() {
                    if series.hidden[c] {
                        // A gap in the line, marked at the axis (one mark a series, a little aside).
                        out.append(hiddenMark(x: centre(c), y: plotBottom - 6 - Double(s) * 14, anchor: "middle", what: "\(series.name), \(category)", colour: colour(s)))
                        continue
                    }
                    guard let v = series.values[c] else { continue }
                    if let i = series.intervals[c] {
                        out.append(whisker(x1: centre(c), y1: y(i.low), x2: centre(c), y2: y(i.high), horizontal: false))
                    }
                    out.append("<circle cx=\"\(n(centre(c)))\" cy=\"\(n(y(v)))\" r=\"4\" fill=\"\(colour(s))\"><title>\(escape(series.name)), \(escape(category)): \(escape(chart.text(v, settings: settings)))</title></circle>")
                }
            }
        }
        out.append("<line x1=\"\(n(left))\" y1=\"\(n(plotBottom))\" x2=\"\(n(right))\" y2=\"\(n(plotBottom))\" stroke=\"#333333\"/>")
        return plotBottom + 34
    }
}
