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
}
