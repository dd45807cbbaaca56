import FinsamStore
import Foundation

/// The built-in dataset without generating it at every start: the first process of a build
/// generates it and saves its image (`DatasetImage`) in the user's cache folder; the next ones
/// read it back, a copy per column. The image is keyed by the executable that wrote it (its
/// path, size and time), so a rebuilt generator never reads an older image; a missing,
/// damaged or unwritable image just means generating, as before.
///
/// The folder: `$FINSAM_CACHE_DIR`, else `$XDG_CACHE_HOME/finsam`, else `~/.cache/finsam`;
/// `FINSAM_CACHE_DIR=off` turns the cache off.
public enum BuiltInImage {
    public static func dataset(seed: UInt64 = BuiltInDataset.defaultSeed, folder: String? = folder()) -> Dataset {
        guard let folder, let fingerprint = fingerprint(seed: seed) else { return BuiltInDataset.make(seed: seed) }
        // Hasher is seeded per process: the name comes from the image's own checksum instead.
        let path = folder + "/builtin-\(String(DatasetImage.checksum(Array(fingerprint.utf8)[...]), radix: 16)).img"
        if let dataset = try? DatasetImage.decode(file: path, fingerprint: fingerprint) { return dataset }
        let dataset = BuiltInDataset.make(seed: seed)
        save(DatasetImage.encode(dataset, fingerprint: fingerprint), to: path, folder: folder)
        return dataset
    }

    /// Written beside, then renamed: a reader never sees half an image. The four newest images
    /// are kept (a test runner and the command line are two builds that take turns); older
    /// ones go, so the folder does not grow with every build.
    static func save(_ image: [UInt8], to path: String, folder: String) {
        let files = FileManager.default
        guard (try? files.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return }
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard files.createFile(atPath: temporary, contents: Data(image)) else { return }
        if rename(temporary, path) != 0 { try? files.removeItem(atPath: temporary); return }
        let images = ((try? files.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("builtin-") && $0.hasSuffix(".img") }
            .map { folder + "/" + $0 }
            .map { ($0, (try? files.attributesOfItem(atPath: $0)[.modificationDate] as? Date) ?? .distantPast) }
            .sorted { $0.1 > $1.1 }
        for (old, _) in images.dropFirst(keptImages) where old != path { try? files.removeItem(atPath: old) }
    }

    static let keptImages = 4

    public static func folder() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["FINSAM_CACHE_DIR"], !explicit.isEmpty { return explicit == "off" ? nil : explicit }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/finsam" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.cache/finsam"
    }

    /// What the image must have been written by: this executable (path, size, time) and seed.
    public static func fingerprint(seed: UInt64) -> String? {
        guard let executable = Bundle.main.executablePath,
              let attributes = try? FileManager.default.attributesOfItem(atPath: executable),
              let size = attributes[.size] as? Int, let time = attributes[.modificationDate] as? Date else { return nil }
        return "finsam built-in dataset; seed \(seed); \(executable); \(size) bytes; \(time.timeIntervalSince1970)"
    }
}
