import Foundation
import Yams

/// A de-identification policy: the mode of each column, read from YAML.
///
/// ```yaml
/// patient: person_id        # column identifying the patient (needed by dateshift)
/// dateshift_days: 365       # offsets lie in ±this many days (default 365, never 0)
/// default: drop             # columns not listed: drop (default), keep, or error
/// text_dates: year          # dates inside text columns: year (Safe Harbor, default) or shift (by the patient's
///                           # offset, like dateshift columns; needs `patient`)
/// columns:
///   person_id: pseudonymize
///   name: {mode: surrogate, type: NAME}
///   birth_date: dateshift
///   zip: {mode: redact, type: ZIP}
///   notes: {mode: text, replace: redact}
///   sex: keep
/// ```
/// Modes: keep, drop, redact, surrogate, pseudonymize, dateshift, text. `type` is a `PHIType` raw value
/// (NAME, ZIP, DATE, AGE, ...); `replace` (for text) is redact, surrogate or pseudonymize.
public struct DeidPolicy: Equatable, Sendable {
    /// What to do with columns the policy does not list.
    public enum Default: String, Sendable {
        /// Leave them out (the safe choice).
        case drop
        /// Copy them unchanged.
        case keep
        /// Refuse to run.
        case error
    }

    /// Modes by column name, in policy order.
    public var columns: [(name: String, mode: ColumnMode)]
    /// The patient column, for date shifting.
    public var patientColumn: String?
    /// Half-width of the date-shift window in days.
    public var dateShiftDays: Int
    /// What happens to unlisted columns.
    public var defaultMode: Default
    /// Whether dates found in text columns move by the patient's offset (true) or are reduced to the year.
    public var shiftTextDates: Bool

    /// A policy built in code.
    public init(columns: [(name: String, mode: ColumnMode)], patientColumn: String? = nil, dateShiftDays: Int = 365,
                defaultMode: Default = .drop, shiftTextDates: Bool = false) {
        self.shiftTextDates = shiftTextDates
        self.columns = columns
        self.patientColumn = patientColumn
        self.dateShiftDays = dateShiftDays
        self.defaultMode = defaultMode
    }

    /// Compares column lists, patient column, window and default.
    public static func == (a: DeidPolicy, b: DeidPolicy) -> Bool {
        a.columns.map(\.name) == b.columns.map(\.name) && a.columns.map(\.mode) == b.columns.map(\.mode)
            && a.patientColumn == b.patientColumn && a.dateShiftDays == b.dateShiftDays && a.defaultMode == b.defaultMode
            && a.shiftTextDates == b.shiftTextDates
    }

    /// The mode of `column` (the default for unlisted columns: drop or keep).
    public func mode(of column: String) -> ColumnMode? {
        if let m = columns.first(where: { $0.name == column })?.mode { return m }
        switch defaultMode {
        case .drop: return .drop
        case .keep: return .keep
        case .error: return nil
        }
    }

    /// Reads a policy file.
    /// - Throws: `PrivacyError.unreadablePolicy` when the file cannot be read, `invalidPolicy` when it is not a
    ///   valid policy.
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PrivacyError.unreadablePolicy(path: path, reason: "no such file or no permission")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PrivacyError.invalidPolicy(source: path, reason: "the file is not UTF-8 text")
        }
        try self.init(yaml: text, source: path)
    }

    /// Parses a policy from YAML text.
    /// - Throws: `PrivacyError.invalidPolicy` naming what is wrong.
    public init(yaml: String, source: String = "policy") throws {
        let root: Any?
        do { root = try Yams.load(yaml: yaml) } catch {
            throw PrivacyError.invalidPolicy(source: source, reason: "not valid YAML (\(String(describing: error).prefix(200)))")
        }
        guard let map = root as? [String: Any] else {
            throw PrivacyError.invalidPolicy(source: source, reason: "the top level must be a mapping with a 'columns' key")
        }
        let known: Set<String> = ["columns", "patient", "dateshift_days", "default", "text_dates"]
        if let extra = map.keys.filter({ !known.contains($0) }).sorted().first {
            throw PrivacyError.invalidPolicy(source: source, reason: "unknown key '\(extra)' (expected columns, patient, dateshift_days, default, text_dates)")
        }
        guard let cols = map["columns"] as? [String: Any], !cols.isEmpty else {
            throw PrivacyError.invalidPolicy(source: source, reason: "'columns' must be a non-empty mapping of column name to mode")
        }
        var parsed: [(String, ColumnMode)] = []
        for name in DeidPolicy.keyOrder(yaml: yaml, keys: Set(cols.keys)) {
            parsed.append((name, try DeidPolicy.mode(cols[name]!, column: name, source: source)))
        }
        var days = 365
        if let d = map["dateshift_days"] {
            guard let v = d as? Int, v >= 1, v <= 3650 else {
                throw PrivacyError.invalidPolicy(source: source, reason: "'dateshift_days' must be a whole number from 1 to 3650")
            }
            days = v
        }
        var def = Default.drop
        if let d = map["default"] {
            guard let s = d as? String, let v = Default(rawValue: s) else {
                throw PrivacyError.invalidPolicy(source: source, reason: "'default' must be drop, keep or error")
            }
            def = v
        }
        var patient: String? = nil
        if let p = map["patient"] {
            guard let s = p as? String, !s.isEmpty else {
                throw PrivacyError.invalidPolicy(source: source, reason: "'patient' must be a column name")
            }
            patient = s
        }
        var shiftText = false
        if let d = map["text_dates"] {
            guard let s = d as? String, s == "year" || s == "shift" else {
                throw PrivacyError.invalidPolicy(source: source, reason: "'text_dates' must be year or shift")
            }
            shiftText = s == "shift"
        }
        if shiftText, patient == nil {
            throw PrivacyError.invalidPolicy(source: source, reason: "text_dates: shift needs 'patient: COLUMN' naming the patient column")
        }
        if parsed.contains(where: { $0.1 == .dateshift }), patient == nil {
            throw PrivacyError.invalidPolicy(source: source, reason: "dateshift needs 'patient: COLUMN' naming the patient column")
        }
        self.init(columns: parsed.map { (name: $0.0, mode: $0.1) }, patientColumn: patient, dateShiftDays: days, defaultMode: def,
                  shiftTextDates: shiftText)
    }

    private static func mode(_ value: Any, column: String, source: String) throws -> ColumnMode {
        var name: String
        var type: PHIType? = nil
        var replace = ReplacementMode.redact
        if let s = value as? String { name = s } else if let m = value as? [String: Any] {
            guard let s = m["mode"] as? String else {
                throw PrivacyError.invalidPolicy(source: source, reason: "column '\(column)': a mapping needs 'mode'")
            }
            name = s
            if let t = m["type"] {
                guard let ts = t as? String, let pt = PHIType(rawValue: ts.uppercased()) else {
                    throw PrivacyError.invalidPolicy(source: source, reason: "column '\(column)': unknown type (use one of \(PHIType.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                type = pt
            }
            if let r = m["replace"] {
                guard let rs = r as? String, let rm = ReplacementMode(rawValue: rs) else {
                    throw PrivacyError.invalidPolicy(source: source, reason: "column '\(column)': 'replace' must be redact, surrogate or pseudonymize")
                }
                replace = rm
            }
        } else {
            throw PrivacyError.invalidPolicy(source: source, reason: "column '\(column)': the mode must be a word or a mapping")
        }
        name = name.lowercased()
        switch name {
        case "keep": return .keep
        case "drop": return .drop
        case "redact": return .redact(type)
        case "surrogate": return .surrogate(type)
        case "pseudonymize", "pseudonymise": return .pseudonymize
        case "dateshift": return .dateshift
        case "text": return .text(replace)
        default:
            throw PrivacyError.invalidPolicy(source: source, reason: "column '\(column)': unknown mode '\(name)' (keep, drop, redact, surrogate, pseudonymize, dateshift, text)")
        }
    }

    /// Column names in the order they appear in the YAML text (mappings are unordered once parsed).
    private static func keyOrder(yaml: String, keys: Set<String>) -> [String] {
        var seen: [String] = []
        for line in yaml.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            var key = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
            if key.count >= 2, key.first == "\"" || key.first == "'", key.last == key.first { key = String(key.dropFirst().dropLast()) }
            if keys.contains(key), !seen.contains(key) { seen.append(key) }
        }
        for k in keys.sorted() where !seen.contains(k) { seen.append(k) }
        return seen
    }
}
