import FinsamDataset
import FinsamStore
import Foundation
import Testing

/// The built-in dataset's image: the same rows as the generator's, read back a column at a
/// time; a damaged or foreign image is refused, and the cache then generates anew.
@Suite("Built-in image")
struct BuiltInImageTests {
    let generated = BuiltInDataset.make()

    func same(_ a: Dataset, _ b: Dataset) -> Bool {
        zip(a.tables, b.tables).allSatisfy { x, y in
            x.schema.columns.map(\.name) == y.schema.columns.map(\.name) && x.rowCount == y.rowCount
                && zip(x.columns, y.columns).allSatisfy { $0.data == $1.data }
        }
    }

    @Test("an image reads back to the generator's dataset, column for column")
    func roundTrip() throws {
        let image = DatasetImage.encode(generated, fingerprint: "test")
        #expect(same(try DatasetImage.decode(image, fingerprint: "test"), generated))
        // Compact: about the bytes the columns hold.
        let held = generated.tables.flatMap(\.columns).reduce(0) { $0 + $1.data.byteCount }
        #expect(image.count < held * 2, "\(image.count) bytes for \(held)")
    }

    @Test("a damaged, cut or foreign image is refused, never trusted")
    func damaged() {
        let image = DatasetImage.encode(generated, fingerprint: "test")
        #expect(throws: DatasetImage.Damaged.self) { try DatasetImage.decode(image, fingerprint: "another build") }
        #expect(throws: DatasetImage.Damaged.self) { try DatasetImage.decode(Array(image.prefix(image.count / 2)), fingerprint: "test") }
        #expect(throws: DatasetImage.Damaged.self) { try DatasetImage.decode([], fingerprint: "test") }
        for position in [20, image.count / 3, image.count - 20] {
            var flipped = image
            flipped[position] ^= 0x40
            #expect(throws: DatasetImage.Damaged.self) { try DatasetImage.decode(flipped, fingerprint: "test") }
        }
    }

    @Test("the cache writes the image once, reads it after, and regenerates over a damaged one")
    func cache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finsam-image-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(same(BuiltInImage.dataset(folder: folder), generated))
        let images = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".img") }
        #expect(images.count == 1)
        let path = folder + "/" + images[0]
        #expect(same(BuiltInImage.dataset(folder: folder), generated))
        // Damaged on disk: generated again, and the image written anew.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(same(BuiltInImage.dataset(folder: folder), generated))
        let fingerprint = try #require(BuiltInImage.fingerprint(seed: BuiltInDataset.defaultSeed))
        #expect(same(try DatasetImage.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: path))), fingerprint: fingerprint), generated))
    }

    @Test("the folder keeps the newest images only, this build's among them")
    func keepsNewest() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finsam-images-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for i in 0..<6 {
            let path = folder + "/builtin-old\(i).img"
            FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3]))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: Double(-3600 * (i + 1)))], ofItemAtPath: path)
        }
        _ = BuiltInImage.dataset(folder: folder)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".img") }.sorted()
        #expect(left.count == 4)
        #expect(left.contains { !$0.hasPrefix("builtin-old") }, "this build's image is kept")
        #expect(left.contains("builtin-old0.img") && !left.contains("builtin-old5.img"), "the newest old ones stay")
    }
}
