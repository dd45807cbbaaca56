import FinsamDataset
import FinsamStore

/// The embeddable finsam library: `Session` runs the query language over a dataset and returns
/// `ResultTable`s of typed `Cell`s; errors are `FinsamError`s. The store and the generator of the
/// built-in dataset stay behind it: an embedder sees the few types its API is written in, named
/// here, and no name that clashes with Foundation's.
public enum Finsam {
    /// The library's version.
    public static let version = "0.1.0"
}

/// The tables a session queries (the built-in dataset, a folder of CSV files, or loaded files).
public typealias Dataset = FinsamStore.Dataset
/// The names of the five tables: deltagare, insatser, förbund, kommuner, befolkning.
public typealias TableName = FinsamStore.TableName
/// The built-in synthetic dataset, calibrated to the published figures.
public typealias BuiltInDataset = FinsamDataset.BuiltInDataset
/// A cell of a machine export (`Renderer.sheet`): text, a number or nothing.
public typealias WorksheetCell = FinsamStore.WorksheetCell
