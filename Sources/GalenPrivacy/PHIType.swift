/// The kinds of protected health information Galen finds, after the 18 HIPAA Safe Harbor identifiers
/// (45 CFR 164.514(b)(2)). Raw values double as the redaction tags (`[NAME]`) and the corpus labels.
public enum PHIType: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    /// Names of patients, relatives, clinicians (identifier A).
    case name = "NAME"
    /// Street addresses, cities, counties and other units smaller than a state (identifier B).
    case location = "LOCATION"
    /// ZIP codes (identifier B; the first three digits may be kept).
    case zip = "ZIP"
    /// Dates other than the year: birth, admission, discharge, death, and other dates (identifier C).
    case date = "DATE"
    /// Ages over 89 (identifier C).
    case age = "AGE"
    /// Telephone numbers (identifier D).
    case phone = "PHONE"
    /// Fax numbers (identifier E).
    case fax = "FAX"
    /// Email addresses (identifier F).
    case email = "EMAIL"
    /// Social security numbers (identifier G).
    case ssn = "SSN"
    /// Medical record numbers (identifier H).
    case mrn = "MRN"
    /// Health plan beneficiary numbers (identifier I).
    case healthPlan = "HEALTHPLAN"
    /// Account numbers, including card numbers (identifier J).
    case account = "ACCOUNT"
    /// Certificate and licence numbers, including DEA and NPI numbers (identifier K).
    case license = "LICENSE"
    /// Vehicle identifiers: VINs and licence plates (identifier L).
    case vehicle = "VEHICLE"
    /// Device identifiers and serial numbers (identifier M).
    case device = "DEVICE"
    /// Web addresses (identifier N).
    case url = "URL"
    /// IP addresses (identifier O).
    case ip = "IP"
    /// Biometric identifiers such as finger and voice prints (identifier P).
    case biometric = "BIOMETRIC"
    /// Full-face photographs and comparable images (identifier Q).
    case photo = "PHOTO"
    /// Any other unique identifying number, characteristic or code (identifier R).
    case identifier = "ID"

    /// The redaction tag, for example `[NAME]`.
    public var tag: String { "[\(rawValue)]" }

    /// Orders types by their raw value, for stable reports.
    public static func < (a: PHIType, b: PHIType) -> Bool { a.rawValue < b.rawValue }
}
