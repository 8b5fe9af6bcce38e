import Foundation

/// A folder of OMOP Common Data Model tables as CSV files (one file per table, e.g. `person.csv`,
/// `observation_period.csv`, `condition_occurrence.csv`, …, `concept.csv`, `concept_ancestor.csv`), read directly
/// into per-patient event streams. Column names are matched case-insensitively (the CDM spells them in lower case;
/// some exports, such as Eunomia's, in upper case).
///
/// Required: `person.csv` (`person_id`) and `observation_period.csv` (`person_id`,
/// `observation_period_start_date`, `observation_period_end_date`). Every event table of `OMOPDomain` that is present
/// is read (concept id 0, "no matching concept", is skipped). When `person.csv` has `gender_concept_id`,
/// `year_of_birth`, `month_of_birth` and `day_of_birth`, each patient's history starts with a birth event coded
/// `person:gender:<concept id>` (missing month or day read as 1), so that timing carries age. `concept.csv` gives names and `concept_ancestor.csv`
/// the descendants of a concept when present.
///
/// ```swift
/// let db = try OMOPDatabase(path: "eunomia")
/// let histories = try db.readHistories()          // person_id → events sorted by date
/// let outcome = try db.descendants(of: 80180)     // osteoarthritis and every concept below it
/// ```
public struct OMOPDatabase: Sendable {
    /// The folder.
    public let folder: URL
    /// CSV read options (delimiter, missing tokens).
    public var readOptions: CSVReadOptions

    /// Whether `path` is a folder holding `person.csv` and `observation_period.csv`.
    public static func handles(_ path: String) -> Bool {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return false }
        return ["person", "observation_period"].allSatisfy { fm.fileExists(atPath: (path as NSString).appendingPathComponent($0 + ".csv")) }
    }

    /// The database in folder `path`.
    /// - Throws: `EventDataError.missingTable` when `person.csv` or `observation_period.csv` is absent.
    public init(path: String, readOptions: CSVReadOptions = CSVReadOptions()) throws {
        folder = URL(fileURLWithPath: path)
        self.readOptions = readOptions
        for t in ["person", "observation_period"] where !has(t) {
            throw EventDataError.missingTable(folder: path, table: t)
        }
    }

    /// Whether table `name` (without `.csv`) is present.
    public func has(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: file(name))
    }

    func file(_ name: String) -> String { folder.appendingPathComponent(name + ".csv").path }

    /// The event tables present in the folder.
    public var availableDomains: [OMOPDomain] { OMOPDomain.allCases.filter { has($0.table) } }

    /// Every patient of `person.csv` with their latest observation period and their events of `domains` (those
    /// present), sorted by date. Events outside any observation period are kept (the cohort rule decides).
    /// - Throws: `DataError` for unreadable CSVs; `EventDataError` naming file, line and column for a missing
    ///   column, an empty or non-integer ID, or a bad date.
    public func readHistories(domains: [OMOPDomain] = OMOPDomain.allCases) throws -> PatientHistories {
        let personHeader = Set(try CSVReader.readHeader(path: file("person"), options: readOptions).map { $0.lowercased() })
        let birthColumns = ["gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth"]
        let hasBirth = birthColumns.allSatisfy(personHeader.contains)
        let person = try EventTableColumns(path: file("person"), text: ["person_id"] + (hasBirth ? birthColumns : []), readOptions: readOptions)
        let personIDs = try person.ids("person_id")
        let persons = Set(personIDs)
        let periods = try EventTableColumns(path: file("observation_period"),
                                            text: ["person_id", "observation_period_start_date", "observation_period_end_date"],
                                            readOptions: readOptions)
        let pids = try periods.ids("person_id")
        let starts = try periods.days("observation_period_start_date")
        let ends = try periods.days("observation_period_end_date")
        var observation: [String: ClosedRange<Int>] = [:]
        for r in pids.indices where persons.contains(pids[r]) {
            guard starts[r] <= ends[r] else {
                throw EventDataError.invalidOption("\(periods.source), line \(periods.line(r)): the observation period ends before it starts")
            }
            let key = String(pids[r])
            if let old = observation[key], old.upperBound >= ends[r] { continue }
            observation[key] = starts[r]...ends[r]
        }
        var events: [String: [PatientEvent]] = [:]
        if hasBirth {
            // Birth, coded by gender: the first event of every history, so that timing features carry age.
            let gender = person.texts("gender_concept_id"), year = person.texts("year_of_birth")
            let month = person.texts("month_of_birth"), day = person.texts("day_of_birth")
            for r in personIDs.indices {
                guard let y = year[r].flatMap({ Int(Double($0) ?? .nan) }) else { continue }
                let m = month[r].flatMap { Int(Double($0) ?? .nan) } ?? 1, d = day[r].flatMap { Int(Double($0) ?? .nan) } ?? 1
                guard (1...12).contains(m), (1...31).contains(d) else {
                    throw EventDataError.badDate(source: person.source, line: person.line(r), column: "month_of_birth/day_of_birth")
                }
                let g = gender[r].flatMap { Int(Double($0) ?? .nan) } ?? 0
                events[String(personIDs[r]), default: []].append(PatientEvent(day: DateParsing.days(year: y, month: m, day: d), code: "person:gender:\(g)"))
            }
        }
        for domain in domains where has(domain.table) {
            let path = file(domain.table)
            let header = Set(try CSVReader.readHeader(path: path, options: readOptions).map { $0.lowercased() })
            let value = domain.valueColumn.flatMap { header.contains($0) ? $0 : nil }
            let t = try EventTableColumns(path: path, text: ["person_id", domain.conceptColumn, domain.dateColumn],
                                          numeric: value.map { [$0] } ?? [], readOptions: readOptions)
            let ids = try t.ids("person_id"), concepts = try t.ids(domain.conceptColumn), days = try t.days(domain.dateColumn)
            let values = value.flatMap { t.column($0).numbers }
            for r in ids.indices where concepts[r] != 0 && persons.contains(ids[r]) {
                let v = values.map { $0[r] }.flatMap { $0.isNaN ? nil : $0 }
                events[String(ids[r]), default: []].append(PatientEvent(day: days[r], code: domain.code(concepts[r]), value: v))
            }
        }
        var names: [String: String] = [:]
        if has("concept") {
            let c = try conceptNames()
            for list in events.values {
                for e in list where names[e.code] == nil {
                    if let id = Int(e.code.split(separator: ":").last ?? ""), let n = c[id] { names[e.code] = n }
                }
            }
        }
        return PatientHistories(source: folder.path, events: events, observation: observation, codeNames: names)
    }

    /// Concept names by concept id from `concept.csv` (empty when the table is absent).
    /// - Throws: `DataError` / `EventDataError` for an unreadable table.
    public func conceptNames() throws -> [Int: String] {
        guard has("concept") else { return [:] }
        let t = try EventTableColumns(path: file("concept"), text: ["concept_id", "concept_name"], readOptions: readOptions)
        let ids = try t.ids("concept_id"), names = t.texts("concept_name")
        var out: [Int: String] = [:]
        for (i, n) in zip(ids, names) { out[i] = n ?? "" }
        return out
    }

    /// `concept` and every concept below it in `concept_ancestor.csv` (just `concept` when the table is absent).
    /// - Throws: `DataError` / `EventDataError` for an unreadable table.
    public func descendants(of concept: Int) throws -> Set<Int> {
        guard has("concept_ancestor") else { return [concept] }
        let t = try EventTableColumns(path: file("concept_ancestor"), text: ["ancestor_concept_id", "descendant_concept_id"],
                                      readOptions: readOptions)
        var out: Set<Int> = [concept]
        for (a, d) in zip(try t.ids("ancestor_concept_id"), try t.ids("descendant_concept_id")) where a == concept { out.insert(d) }
        return out
    }
}
