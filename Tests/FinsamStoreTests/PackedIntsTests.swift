import FinsamStore
import Testing

@Suite("Packed columns")
struct PackedIntsTests {
    @Test("the width follows the range, and every value and missing entry decodes back",
          arguments: [[16, 70, 35], [2015, 2022, 2018], [0, 65_000, 3], [-5, 1_000_000, 7], [1, 2, 3]] as [[Int32]])
    func roundTrip(_ sample: [Int32]) {
        let values = sample + [Missing.int] + sample.reversed()
        let packed = PackedInts(values, missing: Missing.int)
        #expect(packed.values == values)
        let span = Int(sample.max()!) - Int(sample.min()!)
        #expect(packed.width == (span < 255 ? 1 : span < 65_535 ? 2 : 4))
        #expect(packed.low == sample.min()! && packed.high == sample.max()!)
    }

    @Test("the builder re-encodes as the range grows, in either direction")
    func builderGrows() {
        var builder = PackedIntsBuilder(missing: Missing.int)
        let values: [Int32] = Array((0..<3000).map { Int32(5000 - $0 * 3) }) + [Missing.int, 70_000, -70_000]
        for v in values { builder.append(v) }
        let packed = builder.build()
        #expect(packed.values == values)
        #expect(packed.width == 4)
        var small = PackedIntsBuilder(missing: Missing.int)
        for v in stride(from: Int32(300), to: 100, by: -1) { small.append(v) }
        #expect(small.build().width == 1)
    }

    @Test("sets keep raw value = mask; a missing set is its own marker")
    func sets() {
        let masks: [Int32] = [0, 1, 0b1010_0000, Missing.setMask, 127]
        let packed = PackedInts(masks, missing: Missing.setMask, zeroBase: true)
        #expect(packed.base == 0 && packed.width == 1)
        #expect(packed.values == masks)
        #expect(PackedInts([255, 0], missing: Missing.setMask, zeroBase: true).width == 2)
    }

    @Test("parts join into one column whatever their encodings")
    func joined() {
        let a = PackedInts([10, 20, Missing.int], missing: Missing.int)
        let b = PackedInts([300, Missing.int, 5], missing: Missing.int)
        let c = PackedInts([-100_000], missing: Missing.int)
        let all = PackedInts.joined([a, b, c])
        #expect(all.values == a.values + b.values + c.values)
        #expect(all.low == -100_000 && all.high == 300)
    }

    @Test("bulk decoding, gathering and range selection agree with the values")
    func bulk() {
        let values: [Int32] = (0..<1000).map { $0 % 7 == 0 ? Missing.int : Int32($0 * 37 % 501) }
        let packed = PackedInts(values, missing: Missing.int)
        var out = [Int32](repeating: 0, count: 1000)
        out.withUnsafeMutableBufferPointer { packed.decode(from: 0, count: 1000, into: $0.baseAddress!) }
        #expect(out == values)
        var rows = [Int32](repeating: 0, count: 1000)
        let n = rows.withUnsafeMutableBufferPointer { packed.selectRange(100, 200, from: 0, count: 1000, into: $0.baseAddress!) }
        #expect(Array(rows.prefix(n)) == values.indices.filter { values[$0] != Missing.int && (100...200).contains(values[$0]) }.map(Int32.init))
        let kept = rows.withUnsafeMutableBufferPointer { packed.refineRange(150, 160, rows: $0.baseAddress!, count: n) }
        #expect(rows.prefix(kept).allSatisfy { (150...160).contains(values[Int($0)]) })
    }

    @Test("a key numbered in order takes no bytes, and reads as the values it stands for")
    func sequence() {
        let values = (1...100_000).map(Int32.init)
        let packed = PackedInts(values, missing: Missing.int)
        #expect(packed.storage == .sequence(count: 100_000) && packed.width == 0)
        #expect(packed.values == values && packed[0] == 1 && packed[99_999] == 100_000)
        #expect(packed.low == 1 && packed.high == 100_000 && packed.missingCount == 0 && packed.mostRowsPerValue == 1)
        var out = [Int32](repeating: 0, count: 10)
        out.withUnsafeMutableBufferPointer { packed.decode(from: 500, count: 10, into: $0.baseAddress!) }
        #expect(out == Array(values[500..<510]))
        let rows: [Int32] = [7, 3, 99_999]
        rows.withUnsafeBufferPointer { r in out.withUnsafeMutableBufferPointer { packed.gather(r, into: $0.baseAddress!) } }
        #expect(out.prefix(3) == [8, 4, 100_000])
        // Selection: the rows of values in a range, also where the range passes the ends.
        for (low, high, start, count) in [(20, 30, 0, 100), (-5, 3, 0, 100), (99_990, 200_000, 99_900, 100), (50, 40, 0, 100), (10, 20, 30, 10)] as [(Int32, Int32, Int, Int)] {
            var selected = [Int32](repeating: 0, count: count)
            let n = selected.withUnsafeMutableBufferPointer { packed.selectRange(low, high, from: start, count: count, into: $0.baseAddress!) }
            let expected = (start..<start + count).filter { (low...max(low, high)).contains(values[$0]) && low <= high }.map(Int32.init)
            #expect(Array(selected.prefix(n)) == expected, "\(low)...\(high) from \(start)")
            let kept = selected.withUnsafeMutableBufferPointer { packed.refineRange(low &+ 2, high, rows: $0.baseAddress!, count: n) }
            #expect(Array(selected.prefix(kept)) == expected.filter { values[Int($0)] >= low &+ 2 })
        }
        // Parts read in parallel join into one sequence when they continue one another.
        let halves = [PackedInts(Array(values[..<40_000]), missing: Missing.int), PackedInts(Array(values[40_000...]), missing: Missing.int)]
        let joined = PackedInts.joined(halves)
        #expect(joined.storage == .sequence(count: 100_000) && joined.values == values && joined.high == 100_000)
        // Joined with a part that is not one, a sequence's values move over as they are (-1 too).
        let negative = (-3...70_000).map(Int32.init)
        let crossing = PackedInts(negative, missing: Missing.int)
        #expect(crossing.storage == .sequence(count: negative.count))
        let mixed = PackedInts.joined([crossing, PackedInts([100, Missing.int], missing: Missing.int)]).values
        let expected = negative + [100, Missing.int]
        let firstDifference = zip(mixed, expected).enumerated().first { $1.0 != $1.1 }.map { "at \($0): \($1.0) for \($1.1)" }
        #expect(mixed.count == expected.count && firstDifference == nil, "\(firstDifference ?? "lengths differ")")
        let apart = PackedInts.joined([halves[1], halves[0]])
        #expect(apart.width == 4 && apart.values == Array(values[40_000...]) + Array(values[..<40_000]))
        var builder = PackedIntsBuilder(missing: Missing.int)
        for v in values { builder.append(v) }
        #expect(builder.build().storage == .sequence(count: 100_000))
        // Not a sequence: a gap, a missing entry, a bit mask.
        #expect(PackedInts(values + [200_000], missing: Missing.int).width == 4)
        #expect(PackedInts(values + [Missing.int], missing: Missing.int).width == 4)
        #expect(PackedInts((0..<300).map(Int32.init), missing: Missing.setMask, zeroBase: true).width == 2)
    }
}
