import Testing
@testable import GalenPrivacy

@Test func findsPatternIdentifiers() {
    let f = found("SSN 123-45-6789, call (617) 555-0199, card 4111 1111 1111 1111, email a.b@example.com, IP 10.0.0.12")
    #expect(f.contains { $0 == (.ssn, "123-45-6789") })
    #expect(f.contains { $0 == (.phone, "(617) 555-0199") })
    #expect(f.contains { $0 == (.account, "4111 1111 1111 1111") })
    #expect(f.contains { $0 == (.email, "a.b@example.com") })
    #expect(f.contains { $0 == (.ip, "10.0.0.12") })
}

@Test func ssnAreaRulesAndLuhnRejectNonIdentifiers() {
    #expect(!Checksums.plausibleSSN([0, 0, 0, 1, 2, 3, 4, 5, 6]))
    #expect(!Checksums.plausibleSSN([6, 6, 6, 1, 2, 3, 4, 5, 6]))
    #expect(!Checksums.plausibleSSN([9, 1, 2, 1, 2, 3, 4, 5, 6]))
    #expect(Checksums.plausibleSSN([1, 2, 3, 4, 5, 6, 7, 8, 9]))
    #expect(Checksums.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
    #expect(!Checksums.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
    #expect(Checksums.npi([1, 2, 4, 5, 3, 1, 9, 5, 9, 9]))
    #expect(Checksums.dea(Array("AB1234563".utf8)))
    #expect(!Checksums.dea(Array("AB1234564".utf8)))
}

@Test func findsNamesPlacesDatesAndAges() {
    let f = found("Mrs. Ana Lopez, a 93-year-old, was seen at Mercy General Hospital on March 3, 2021. She lives in Millbrook.")
    #expect(f.contains { $0 == (.name, "Ana Lopez") })
    #expect(f.contains { $0 == (.age, "93") })
    #expect(f.contains { $0 == (.location, "Mercy General Hospital") })
    #expect(f.contains { $0 == (.date, "March 3, 2021") })
    #expect(f.contains { $0 == (.location, "Millbrook") })
}

@Test func leavesClinicalTextAlone() {
    #expect(found("BP 120/80, HR 72, troponin 0.02, metformin 500 mg twice daily; aspirin 81 mg.").isEmpty)
    #expect(found("no acute distress. lungs clear to auscultation bilaterally.").isEmpty)
    #expect(found("A 45-year-old man with chest pain.").isEmpty)
}

@Test func redactionFollowsSafeHarbor() throws {
    let d = try TextDeidentifier()
    #expect(d.deidentify("DOB 03/14/1950, zip 03601, age 95 years") == "DOB 1950, zip 000, age 90+ years")
    #expect(d.deidentify("Boston, MA 02139-4307") == "[LOCATION], MA 021")
    #expect(ZIPCode.zip3("89012") == "000")
    #expect(ZIPCode.zip3("02139") == "021")
}

@Test func surrogatesAndPseudonymsAreConsistent() throws {
    let s = try TextDeidentifier(mode: .surrogate, key: testProjectKey)
    let a = s.deidentify("Dr. Okafor called 617-555-0199.")
    #expect(a == s.deidentify("Dr. Okafor called 617-555-0199."))
    #expect(!a.contains("Okafor") && !a.contains("617-555-0199"))
    let p = try TextDeidentifier(mode: .pseudonymize, key: testProjectKey)
    #expect(p.deidentify("MRN: 12345678") == "MRN: [MRN:\(testProjectKey.pseudonym("12345678"))]")
    let other = try ProjectKey(bytes: Array("another-key-0123456789abcdef".utf8))
    #expect(other.pseudonym("12345678") != testProjectKey.pseudonym("12345678"))
    #expect(testProjectKey.pseudonym("12345678").count == 16)
}

@Test func keyedModesNeedAKey() throws {
    #expect(throws: PrivacyError.self) { try TextDeidentifier(mode: .surrogate) }
    #expect(throws: PrivacyError.self) { try ProjectKey(bytes: [1, 2, 3]) }
    #expect(throws: PrivacyError.self) { try ProjectKey(contentsOfFile: "/nonexistent/key") }
    #expect(try ProjectKey.fromEnvironment([:]) == nil)
    #expect(try ProjectKey.fromEnvironment(["GALEN_DEID_KEY": "0123456789abcdef0123"]) != nil)
}

@Test func dateShiftKeepsIntervals() {
    let shifter = DateShifter(key: testProjectKey, windowDays: 30)
    let off = shifter.offset(forPatient: "P1")
    #expect(off != 0 && abs(off) <= 30)
    #expect(off == shifter.offset(forPatient: "P1"))
    let a = shifter.shift("2020-01-05", by: off)!, b = shifter.shift("2020-02-10", by: off)!
    func days(_ s: String) -> Int {
        let p = s.split(separator: "-").map { Int($0)! }
        return CivilDate(year: p[0], month: p[1], day: p[2])!.daysSinceEpoch
    }
    #expect(days(b) - days(a) == 36)
    #expect(shifter.shift("03/14/2021", by: 1) == "03/15/2021")
    #expect(shifter.shift("March 31, 2021", by: 1) == "April 1, 2021")
    #expect(shifter.shift("no date here", by: 3) == nil)
    #expect(shifter.shift("2021-03-04T08:30:00Z", by: -4) == "2021-02-28T08:30:00Z")
    #expect(shifter.shift("2021-03-04 08:30", by: 1) == "2021-03-05 08:30")
    #expect(CivilDate(daysSinceEpoch: 0) == CivilDate(year: 1970, month: 1, day: 1))
}

@Test func lexiconIsLoaded() {
    let l = Lexicon.shared
    #expect(l.firstNames.count > 2000)
    #expect(l.lastNames.count >= 6000)
    #expect(l.cityList.count > 5000)
    #expect(l.states.contains("MA") && l.states.contains("Texas"))
    #expect(l.streetSuffixes.contains("Street"))
    #expect(l.commonWords.contains("Will"))
}
