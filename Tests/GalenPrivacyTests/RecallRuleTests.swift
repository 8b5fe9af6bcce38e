import Foundation
import Testing
@testable import GalenPrivacy

// The rules added from the misses on `heldout2`, `dev2` and `dev3` (docs/deid.md, "Recall round on heldout2"):
// each test shows a form that must be found (written for the test, not copied from a note) and a look-alike that
// must be left alone.

// MARK: vehicles

@Test func platesWithSpacesAfterAPlateCue() {
    #expect(has("Tow report: plate RTW 5518 (VT).", .vehicle, "RTW 5518"))
    #expect(has("Other car's plate CA 7BQ 204, no injuries.", .vehicle, "CA 7BQ 204"))
    #expect(has("motorcycle plate K 71520 impounded", .vehicle, "K 71520"))
    #expect(!covered("Growth plate 2 mm wide on x-ray.", "2 mm"))
}

@Test func furtherPlatesInAList() {
    #expect(has("Registered plates QRT 1180 and MVL 2093 on file.", .vehicle, "MVL 2093"))
    #expect(!covered("Registered plates QRT 1180 and 2 others.", "2 others"))
}

@Test func platesAfterACarMakeAndState() {
    #expect(has("Parking permit: 2016 Subaru Outback, VT J77-QWE, exp 3/1/27", .vehicle, "VT J77-QWE"))
    #expect(!covered("Hit by a car, PA 2021 note reviewed.", "PA 2021"))
}

@Test func vehicleRegistrationIsAPlateCue() {
    #expect(has("Vehicle registration: 8MKT310", .vehicle, "8MKT310"))
    #expect(!has("Registration: 8MKT310", .vehicle, "8MKT310"))
}

// MARK: ages

@Test func agesWrittenInOneHyphenatedWord() {
    #expect(has("Mrs. Quill is a ninety-two-year-old widow.", .age, "ninety-two-year-old"))
    #expect(!covered("She is a sixty-two-year-old widow.", "sixty"))
}

@Test func agesAfterPersonAndIsOrWas() {
    #expect(has("Her father was 97 and still driving.", .age, "97"))
    #expect(has("Note: pt is 91; chart corrected.", .age, "91"))
    #expect(!covered("HR is 94 and regular.", "94"))
    #expect(!covered("Pt is 95% on room air.", "95"))
}

@Test func agesAfterNamesInBracketsAndWords() {
    #expect(has("lives with husband Bartholomew (93) in an apartment", .age, "93"))
    #expect(has("Pt Harriet Okonjo, ninety-one, fell at home.", .age, "ninety-one"))
    #expect(!covered("Pt Harriet Okonjo (93 kg) fell at home.", "93"))
}

// MARK: photos and biometrics

@Test func videoAndDicomFilesAsPhotos() {
    #expect(has("Clip saved: swallow_study_0412.mp4 in media.", .photo, "swallow_study_0412.mp4"))
    #expect(has("Images: CXR_lee_001-010.dcm archived.", .photo, "CXR_lee_001-010.dcm"))
    #expect(!covered("Report saved as summary.txt today.", "summary"))
}

@Test func biometricTemplatesAndScans() {
    #expect(has("thumbprint template TP-55120-Q enrolled", .biometric, "TP-55120-Q"))
    #expect(has("RN badge — finger scan KX-FP-220187 failed", .biometric, "KX-FP-220187"))
    #expect(!covered("R index finger 2 cm laceration.", "2 cm"))
}

@Test func longCapitalCodesWithManyParts() {
    #expect(has("Evidence kit # CA-KIT-2025-44810 sealed", .identifier, "CA-KIT-2025-44810"))
    #expect(has("reference standard labeled SWB-REF-00412-Q. Sent.", .identifier, "SWB-REF-00412-Q"))
    #expect(!covered("COVID-19 PCR negative; HbA1c 6.1.", "COVID"))
}

// MARK: dates

@Test func monthDayWithoutACue() {
    #expect(has("Labs drawn 11/4: K 5.2.", .date, "11/4"))
    #expect(has("Pt discharged home 10/27 with VNA.", .date, "10/27"))
    #expect(!covered("Pain 7/10, strength 5/5, murmur 2/6.", "7/10"))
    #expect(!covered("Pain 7/10, strength 5/5, murmur 2/6.", "5/5"))
    #expect(!covered("Take 1/2 tab; 3/4 of doses given.", "1/2"))
    #expect(!covered("3/15 nodes positive.", "3/15"))
}

@Test func monthAloneAfterACueAndHolidays() {
    #expect(has("Stopped metformin in Oct for GI upset.", .date, "Oct"))
    #expect(has("No falls since Thanksgiving.", .date, "Thanksgiving"))
    #expect(has("Seen the week after Memorial Day.", .date, "Memorial Day"))
    #expect(!covered("You may call the clinic.", "may"))
    #expect(!covered("March to the lab for blood work.", "March"))
    #expect(!covered("Christmas tree allergy.", "Christmas"))
}

@Test func isoDateTimes() {
    #expect(has("Form received 2025-03-09T07:15:44Z via portal.", .date, "2025-03-09T07:15:44Z"))
    #expect(!covered("Compression fracture at T12 noted on 2025-03-09.", "T12"))
}

// MARK: places

@Test func moreFacilityEnds() {
    #expect(has("Transferred from Bayside Dialysis last week.", .location, "Bayside Dialysis"))
    #expect(has("Body released to Ortega Mortuary.", .location, "Ortega Mortuary"))
    #expect(has("Referred to Lakeview Pediatrics for care.", .location, "Lakeview Pediatrics"))
    #expect(has("Resides at Saint Agnes Home for the Elderly now.", .location, "Saint Agnes Home for the Elderly"))
    #expect(has("Aide from Golden Hearts Home Care daily.", .location, "Golden Hearts Home Care"))
    #expect(!covered("General Pediatrics and Internal Medicine agreed.", "Pediatrics"))
}

@Test func routesAndRuralRoutes() {
    #expect(has("MVC on Route 44 near the mall.", .location, "Route 44"))
    #expect(has("Mail: Rural Route 3, Box 17, then town.", .location, "Rural Route 3, Box 17"))
    #expect(!covered("Route 2 of the protocol was chosen.", "Route 2"))
    #expect(!covered("Placed on Route 2 of the protocol.", "Route 2"))
}

@Test func townBeforeACountry() {
    #expect(has("Visiting from Kumasi, Ghana for a month.", .location, "Kumasi"))
    #expect(!covered("Travel to Ghana, Togo and Benin.", "Ghana"))
}

@Test func facilitiesNamedInOtherLanguages() {
    #expect(has("records from Clínica Santa María, Santiago", .location, "Clínica Santa María"))
    #expect(!covered("Hospital course: uneventful.", "Hospital"))
}

// MARK: names

@Test func namesWithANicknameInQuotes() {
    #expect(has("Pt: Bartholomew \"Bart\" Quill, 71M", .name, "Bartholomew \"Bart\" Quill"))
    #expect(!covered("Result \"Negative\" Influenza A", "Negative"))
}

@Test func userNamesBuiltFromNames() {
    #expect(has("2025-01-02 10:11 user tmorrison2 opened chart", .name, "tmorrison2"))
    #expect(has("Scanned by kferguson.", .name, "kferguson"))
    #expect(has("Result called.\n— pcarter", .name, "pcarter"))
    #expect(!covered("Dose given by mouth.", "mouth"))
    #expect(!covered("user shall sign in", "shall"))
}

@Test func moreTitlesAndCues() {
    #expect(has("Report taken by Sgt. Okafor at the scene.", .name, "Okafor"))
    #expect(has("Caller: Dmitri Volkov (son)", .name, "Dmitri Volkov"))
    #expect(!covered("Sgt. called back later.", "called"))
}

// MARK: numbers

@Test func phoneExtensionsAndSpacedForms() {
    #expect(has("Call 617-555-0142 x318 for the desk.", .phone, "617-555-0142 x318"))
    #expect(has("texts at 508 - 555 - 0193 only", .phone, "508 - 555 - 0193"))
    #expect(has("UM line 1 (888) 555-0110 today", .phone, "1 (888) 555-0110"))
    #expect(!covered("Platelets 150 - 400 normal.", "150"))
}

@Test func lastFourDigits() {
    #expect(has("verified with last 4 of SSN 5521 today", .ssn, "5521"))
    #expect(has("Visa ending in 7740 declined.", .account, "7740"))
    #expect(!covered("Over the last 4 weeks 2021 flares.", "2021"))
}

@Test func macAddressesAndGS1Labels() {
    #expect(has("workstation MAC 3C:22:FB:10:9A:0E flagged", .device, "3C:22:FB:10:9A:0E"))
    #expect(has("Stent UDI (01)00643169007222(17)280131(10)C3391 placed", .device, "(01)00643169007222(17)280131(10)C3391"))
    #expect(!covered("Case started 10:12:45 and ended 11:02.", "10:12:45"))
}

@Test func stateLicenceAbbreviation() {
    #expect(has("State lic: RN.0871234", .license, "RN.0871234"))
    #expect(!covered("State lic: pending", "pending"))
}

// MARK: second round

@Test func lastFirstNamesJoinedWithTheirInitial() {
    #expect(has("PATIENT: Adeyemi, Folasade B.\nMRN: 0099", .name, "Adeyemi, Folasade B."))
    #expect(has("Guarantor: Thomas Reade Jr., DOB 1/1/1990", .name, "Thomas Reade Jr."))
    #expect(has("Reviewed by embryologist K. Farouk today.", .name, "K. Farouk"))
    #expect(!covered("Discussed Plan B. Farouk agreed.", "B."))
}

@Test func namesBeforeAnAgeAndSex() {
    #expect(has("DERMATOLOGY\nTaviel Quorrington, 44M, rash.", .name, "Taviel Quorrington"))
    #expect(!covered("DERMATOLOGY\nChronic Urticaria, 44M, rash.", "Urticaria"))
}

@Test func unknownSurnameAfterAFoundGivenName() {
    #expect(covered("HCP: son Gary Quennellby, 555-0100 ok", "Gary Quennellby"))
    #expect(!covered("HCP: son Gary, Tylenol given.", "Tylenol"))
}

@Test func familyNamesAndCommonWordNamesAfterCues() {
    #expect(has("Parents (the Adebayo family) at bedside.", .name, "Adebayo"))
    #expect(has("Caller: Will Hunter (nephew)", .name, "Will Hunter"))
    #expect(!covered("Parents (the whole family) at bedside.", "whole"))
    #expect(!covered("Plan: Will Follow up in clinic.", "Follow"))
}

@Test func dashesSplitTokens() {
    #expect(has("Monitor worn 10/28–11/11 at home.", .date, "10/28"))
    #expect(has("Photos IMG_0101.jpg–IMG_0109.jpg saved.", .photo, "IMG_0101.jpg"))
    #expect(!covered("Range 3–5 mg daily.", "3"))
}

@Test func fullPostcodesWithoutAPlace() {
    #expect(has("GP surgery, Mill Lane, Kelso TD5 7BB\nNHS", .zip, "TD5 7BB"))
    #expect(!covered("Stage T2 N0 M0 tumour.", "T2 N0"))
}

@Test func spansNeverOverlapOnAnyCorpus() throws {
    // A text made of every corpus note, as `galen deid --text` would see a long file: before the merge step two
    // rules could produce overlapping spans there and the replacement loop trapped.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/deid-corpus")
    var texts: [String] = []
    for sub in ["", "heldout", "dev2", "dev3", "heldout2"] {
        texts += try AnnotatedNote.load(path: root.appendingPathComponent(sub).path).map(\.text)
    }
    let all = texts.joined(separator: "\n\n")
    let spans = PHIScanner().scan(all)
    #expect(!spans.isEmpty)
    for (a, b) in zip(spans, spans.dropFirst()) { #expect(a.end <= b.start) }
    #expect(!(try TextDeidentifier(mode: .redact)).deidentify(all).isEmpty)
    #expect(PHIScanner.disjoint([PHISpan(type: .name, start: 0, end: 5), PHISpan(type: .date, start: 3, end: 9)])
            == [PHISpan(type: .name, start: 0, end: 9)])
}
