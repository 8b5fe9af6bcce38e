import Foundation

/// The word lists that ship with Galen for finding names and places in free text: US Census first and last
/// names with given and family names of many other countries, US cities and world places, states and street
/// suffixes, and capitalised common words that are never a name alone.
/// Loaded once from the module's resources; nothing is fetched at run time. See `Resources/SOURCE.md`.
public final class Lexicon: Sendable {
    /// First names (capitalised as `Mary`): US Census and international given names.
    public let firstNames: Set<String>
    /// Last names (capitalised as `Smith`): US Census and international family names.
    public let lastNames: Set<String>
    /// Capitalised English and clinical words that are also census names (`Will`, `Hope`, `Brown`).
    public let commonWords: Set<String>
    /// Lower-case English words of four or more letters (`travel`, `though`; wordfreq Zipf ≥ 2.5), to tell an
    /// ordinary word from a user name such as `mlopez`.
    public let englishWords: Set<String>
    /// City names (US cities and places, and world places of 15,000+ people), each as its words (`["San", "Diego"]`).
    public let cities: [[String]]
    /// First words of cities, for a quick check.
    public let cityFirstWords: Set<String>
    /// Cities by their first word, longest first.
    public let citiesByFirstWord: [String: [[String]]]
    /// State names and two-letter codes.
    public let states: Set<String>
    /// Country names (`Italy`, `Haiti`): larger than a state, never a place to remove.
    public let countries: Set<String>
    /// Street suffixes (`Street`, `St`, `Ave`).
    public let streetSuffixes: Set<String>
    /// First names in a fixed order, for surrogates.
    public let firstNameList: [String]
    /// Last names in a fixed order, for surrogates.
    public let lastNameList: [String]
    /// US cities in a fixed order, for surrogates.
    public let cityList: [String]

    /// Whether a word belongs to facility or place names (`Hospital`, `County`, `Street`) rather than a person's.
    public func facilityLike(_ word: String) -> Bool {
        ScanContext.facilityWords.contains(word) || streetSuffixes.contains(word) || states.contains(word)
    }

    /// The lexicon from the bundled resources.
    public static let shared = Lexicon()

    private init() {
        func lines(_ name: String) -> [String] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Resources")
                    ?? Bundle.module.url(forResource: name, withExtension: "txt"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
            return text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        }
        let common = Set(lines("common_words"))
        commonWords = common
        firstNameList = lines("first_names")
        lastNameList = lines("last_names")
        firstNames = Set(firstNameList).union(lines("intl_first_names"))
        lastNames = Set(lastNameList).union(lines("intl_last_names"))
        cityList = Array(Set(lines("us_cities") + lines("us_places"))).sorted()
        cities = (cityList + lines("world_places")).map { $0.split(separator: " ").map(String.init) }.sorted { $0.count > $1.count }
        cityFirstWords = Set(cities.compactMap(\.first))
        citiesByFirstWord = Dictionary(grouping: cities.filter { !$0.isEmpty }, by: { $0[0] })
        var st = Set<String>()
        for line in lines("us_states") {
            let parts = line.split(separator: "|").map(String.init)
            st.formUnion(parts)
        }
        states = st
        countries = Set(lines("countries"))
        streetSuffixes = Set(lines("street_suffixes"))
        englishWords = Set(lines("english_words"))
    }
}
