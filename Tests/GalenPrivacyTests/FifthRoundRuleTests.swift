import Testing
@testable import GalenPrivacy

// The rules of the fifth recall round, written from the misses on `heldout5` and `heldout6` (then development sets;
// docs/deid.md, "Recall round on heldout5 and heldout6"): each test shows forms of a family that must be found
// (written for the test, not copied from a note) and a near miss that must be left alone.

private func nothing(_ text: String) -> Bool { found(text).isEmpty }

// MARK: HL7 v2 segments

@Test func hl7PatientSegments() {
    let message = "MSH|^~\\&|LAB|GALEN|EHR|X|202501020304||ADT^A01|M1|P|2.5\n"
        + "PID|1||5512093^^^MHC^MR||VANTERPOOL^EDRIS^Q||19610317|F|||88 Quarry Hill Rd^^MILLBROOK^NY^12545||(845)555-01\n"
        + "22|||S||QV7781204|512-33-\n9087\n"
        + "NK1|1|VANTERPOOL^ODELL|BRO|||(845)555-0183\n"
        + "PV1|1|I|3E^301^A|||||HALVORSEN^INGRID^M^^^^MD"
    let spans = found(message)
    func has(_ type: PHIType, _ value: String) -> Bool { spans.contains { $0 == (type, value) } }
    #expect(has(.mrn, "5512093^^^MHC^MR"))
    #expect(has(.name, "VANTERPOOL^EDRIS^Q"))
    #expect(has(.date, "19610317"))
    #expect(has(.location, "88 Quarry Hill Rd"))
    #expect(has(.location, "MILLBROOK"))
    #expect(has(.zip, "12545"))
    #expect(has(.phone, "(845)555-01\n22"))
    #expect(has(.account, "QV7781204"))
    #expect(has(.ssn, "512-33-\n9087"))
    #expect(has(.name, "VANTERPOOL^ODELL"))
    #expect(has(.name, "HALVORSEN^INGRID^M^^^^MD"))
    // The state, the sex and the segment's own codes stay.
    #expect(!spans.contains { $0.1 == "NY" || $0.1 == "F" || $0.1 == "BRO" || $0.1.contains("3E") })
}

@Test func hl7LookAlikes() {
    // A pipe table that is no HL7 segment, and a segment this rule does not read.
    #expect(nothing("Pt | stable | afebrile\nOBX|1|NM|K^Potassium||4.1|mmol/L|3.5-5.1|N"))
}

// MARK: ages

@Test func agesAfterStrongCuesAndInQuotes() {
    #expect(has("Grandfather turned one hundred and three last spring and still gardens.", .age, "one hundred and three"))
    #expect(has("her niece says \"ninety-six and sharp as a tack\" today", .age, "ninety-six"))
    #expect(has("honestly she is 93 haha and still cooks", .age, "93"))
    #expect(nothing("the dial turned ninety degrees"))
    #expect(nothing("she is 95 percent sure"))
}

// MARK: names after person nouns

@Test func namesAfterRelationsAndClinicianLabels() {
    #expect(has("Granddaughter Temperance Olufemi-Brandt will visit.", .name, "Temperance Olufemi-Brandt"))
    #expect(has("plan reviewed with great-nephew Osvaldo Quiroga-Lind by phone", .name, "Osvaldo Quiroga-Lind"))
    #expect(has("Unresponsive male later identified as Berhane Woldu Tesfamariam by staff.", .name, "Berhane Woldu Tesfamariam"))
    #expect(has("REFERRING PCP: VASQUEZ-ORR, T\nreason: dyspnea", .name, "VASQUEZ-ORR, T"))
    #expect(has("RESULT PHONED TO RN D KAWECKI AT 0412", .name, "D KAWECKI"))
    #expect(nothing("Patient Portal Message sent"))
    #expect(nothing("Patient Education Materials given"))
    #expect(nothing("PCP: NONE, K 4.1 normal"))
}

// MARK: places

@Test func storeBranches() {
    #expect(has("please send it to the Walgreens on Quimby Ave today", .location, "Walgreens on Quimby Ave"))
    #expect(has("refill at the cvs on old mill rd thanks", .location, "cvs on old mill rd"))
    #expect(has("she shops at the Rite Aid on Route 44 weekly", .location, "Rite Aid on Route 44"))
    #expect(nothing("CVS called about the prior authorization"))
    #expect(nothing("Target INR 2-3 on warfarin"))
}

@Test func streetAddressForms() {
    #expect(has("Home: 812 OTTER CREEK DR, Pikeville", .location, "812 OTTER CREEK DR"))
    #expect(has("moved to 33 Gate of Heaven Rd last month", .location, "33 Gate of Heaven Rd"))
    #expect(has("Address 19 Larchmont St, 3rd fl, Lynn", .location, "19 Larchmont St, 3rd fl"))
    #expect(has("called to the 2900 block of Hollister Ave for a fall", .location, "2900 block of Hollister Ave"))
    #expect(has("Mailing: Rt. 4 Box 212, Clinton", .location, "Rt. 4 Box 212"))
    #expect(has("rollover on Hwy 12 mile marker 87 at night", .location, "Hwy 12 mile marker 87"))
    #expect(has("my address is 47 juniper terr if needed", .location, "47 juniper terr"))
    #expect(has("lives at 2210 nw 14 ter with her son", .location, "2210 nw 14 ter"))
    #expect(nothing("walks 2 blocks with a cane"))
    #expect(nothing("ASA 3 MALLAMPATI II"))
}

// MARK: dates read aloud

@Test func spokenDayMonthForms() {
    #expect(has("seen on October the twenty-second for follow up", .date, "October the twenty-second"))
    #expect(has("born the Third of August, nineteen sixty-one in", .date, "Third of August, nineteen sixty-one"))
    #expect(has("her birthday is four June nineteen seventy two ok", .date, "four June nineteen seventy two"))
    #expect(has("Dictated March fifteenth, twenty twenty-five. Procedure", .date, "March fifteenth, twenty twenty-five"))
    #expect(nothing("nine March students passed"))
    #expect(nothing("the third of many attempts"))
}

// MARK: codes

@Test func codeCuesAndCheckCharacters() {
    #expect(has("Study IDs KQ-MR-4410, KQ-CT-4411 attached", .identifier, "KQ-MR-4410"))
    #expect(has("Series instance UID 1.2.826.0.1.3680043.2.1125 imported", .identifier, "1.2.826.0.1.3680043.2.1125"))
    #expect(has("Randomization code: T5520-B assigned", .identifier, "T5520-B"))
    #expect(has("Court subpoena 24-CV-118842 received", .identifier, "24-CV-118842"))
    #expect(covered("Hong Kong ID card Z683365(9) seen", "Z683365(9)"))
    #expect(has("Fixed wing, tail N772QD, to base", .vehicle, "N772QD"))
    #expect(has("drives a silver Corolla, OH HZT-4471 per police", .vehicle, "OH HZT-4471"))
    #expect(nothing("reference range 3.5 to 5.0"))
    #expect(nothing("tail of pancreas N2 nodes"))
}

// MARK: numbers as forms, OCR and wrapping leave them

@Test func ocrDigitsSpacedDatesAndWrappedNumbers() {
    #expect(has("FAX (8O4) 555-Ol72 PG 2", .fax, "(8O4) 555-Ol72"))
    #expect(has("Date: l2/O3/25 signed", .date, "l2/O3/25"))
    #expect(has("Onset 10 / 02 / 2025. Resolved", .date, "10 / 02 / 2025"))
    #expect(has("DOB: 4 . 17 . 1966  SEX: M", .date, "4 . 17 . 1966"))
    #expect(covered("SSN..........: 431-27-\n5519 EMPLOYER", "5519"))
    #expect(nothing("Placed on 2L O2 via NC, IO access obtained"))
    #expect(Array("I-95 northbound".utf8).withUnsafeBufferPointer { OCRDigits.normalized($0) } == nil)
    #expect(Array("call (8O4) 555".utf8).withUnsafeBufferPointer { OCRDigits.normalized($0) }.map { String(decoding: $0, as: UTF8.self) }
            == "call (804) 555")
    #expect(nothing("dose 5 - 10 - 15 mg weekly"))
}

@Test func softWrappedLinesAreReadAsOne() {
    let wrapped = "Spoke with the family at length about the plan today, and Daughter Philippa\nOyelaran-Cobb agreed to it."
    #expect(has(wrapped, .name, "Philippa\nOyelaran-Cobb"))
    // A label or a log row on the next line starts something new.
    let rows = "11/19 10:02 from the outside clinic about the pending prior authorization, Loughlin\n11/19 11:47 from lab"
    #expect(!found(rows).contains { $0.1.contains("Loughlin\n11") })
}

// MARK: robustness

@Test func textEndingInARelationWordIsScanned() {
    // Used to trap (index out of range) in the name cues: a relation word as the text's last token.
    #expect(nothing("She lives at home with her son"))
    #expect(nothing("lives with wife"))
}
