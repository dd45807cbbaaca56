import FinsamStore
/// `invånare`: the population aged 16–64 of a group's area, year, kön and åldersgrupp.
enum Population {
    static let name = "invånare"
    /// Its spellings (folded).
    static let names: Set<String> = ["invanare", "inhabitants", "population"]
}

/// Where `invånare` takes its population from, for each group of a query: the year, the area
/// and the persons' kön and åldersgrupp, each from a dimension of the group or from `where`.
struct PopulationScope {
}

extension Binder {
    func populationScope(_ query: BoundQuery, span: SourceSpan) throws(FinsamError) -> PopulationScope {
        throw fail("invånare needs the befolkning table", span)
    }
}
