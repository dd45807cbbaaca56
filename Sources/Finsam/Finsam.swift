@_exported import FinsamStore
@_exported import FinsamDataset

/// The embeddable finsam library: the columnar store, the built-in dataset and (as the
/// language lands) the query engine, behind one import.
public enum Finsam {
    public static let version = "0.1.0"
}
