/// The catalogue's "did you mean" hints, whichever stage makes them (a load, the parser, the
/// binder, help, the shell): one place, so both languages put a suggestion the same way.
extension MessageID {
    var suggestionForms: (sv: String, en: String)? {
        switch self {
        case .didYouMean: ("menade du '{1}'?", "did you mean '{1}'?")
        case .didYouMeanHeader: ("menade du '{1}'? (profilen anger rubriken)", "did you mean '{1}'? (the profile names the header)")
        case .scbRegionDidYouMean: ("menade du '{1}'? (regioner matchas på SCB:s kod mot kommuner.kod, annars på namn)", "did you mean '{1}'? (regions are matched by SCB's code to kommuner.kod, else by name)")
        case .didYouMeanShare: ("menade du {2}({1})? (andelen rader där det är sant)", "did you mean {2}({1})? (the percentage of rows where it is true)")
        case .didYouMeanPrefixed: ("menade du '{1}{2}'?", "did you mean '{1}{2}'?")
        case .didYouMeanDotted: ("menade du '{1}.{2}'?", "did you mean '{1}.{2}'?")
        case .noHelpNear: ("ingen hjälp om '{1}' — menade du help {2}?", "no help on '{1}' — did you mean help {2}?")
        case .dotDidYouMean: ("menade du {1}?", "did you mean {1}?")
        default: nil
        }
    }
}
