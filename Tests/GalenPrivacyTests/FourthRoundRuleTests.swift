import Testing
@testable import GalenPrivacy

// The rules of the fourth recall round, written from the misses on `heldout4` (then a development set) and the
// other sets (docs/deid.md, "Recall round on heldout4"): each test shows forms of a family that must be found
// (written for the test, not copied from a note) and a near miss that must be left alone.

private func nothing(_ text: String) -> Bool { found(text).isEmpty }

// MARK: ages

@Test func agesInSpeech() {
    #expect(has("well I am 96 and still driving", .age, "96"))
    #expect(has("my aunt she's ninety-three and lives alone", .age, "ninety-three"))
    #expect(has("he says \"I've had ninety-seven happy years\"", .age, "ninety-seven"))
    #expect(has("Pt states she is 102 \"give or take\".", .age, "102"))
    #expect(nothing("I am 95% sure the HR is 94 today"))
    #expect(nothing("ninety good reasons to stop"))
}

// MARK: spoken numbers and dates

@Test func spokenDigitRuns() {
    #expect(has("call me back at six one seven five five five zero one nine nine thanks", .phone,
                "six one seven five five five zero one nine nine"))
    #expect(has("medical record number three three one eight zero two seven she is", .mrn,
                "three three one eight zero two seven"))
    #expect(has("reach me at four one three, five five five, oh two two one please", .phone,
                "four one three, five five five, oh two two one"))
    #expect(nothing("one or two tablets, three to four times a day, for five days"))
}

@Test func spokenDates() {
    #expect(has("she was seen on october twenty first and is better", .date, "october twenty first"))
    #expect(has("date of birth september fourth nineteen sixty two medical", .date, "september fourth nineteen sixty two"))
    #expect(has("Born August ninth nineteen forty, in", .date, "August ninth nineteen forty"))
    #expect(has("labs from JULY SECOND show", .date, "JULY SECOND"))
    #expect(nothing("may first try the second dose"))
}

@Test func ordinalDaysAlone() {
    // Since the eighth round the article goes with the day (`SpanWidening`: `on [the 12th]`, as some authors mark it).
    #expect(has("stopped her pills on the 12th, then fell", .date, "the 12th"))
    #expect(has("Will call back Monday the 3rd.", .date, "the 3rd"))
    #expect(nothing("weight on the 5th percentile; the 4th ventricle is normal"))
    #expect(has("last dose ~September, per pt", .date, "September"))
}

// MARK: names

@Test func initialSignatures() {
    #expect(has("Refill sent. Pt aware.\n-mk", .name, "mk"))
    #expect(has("Called pharmacy back. —TRW, CPhT", .name, "TRW"))
    #expect(has("left message for pt. -- JS", .name, "JS"))
    #expect(has("form faxed to insurer. rb", .name, "rb"))
    #expect(nothing("Plan: continue current meds. -OK\nTake 1 tab po bid prn"))
}

@Test func loginNames() {
    #expect(has("2026-01-04 09:12 chart opened by tgallagher", .name, "tgallagher"))
    #expect(has("session user=rgonzalez42 ended", .name, "rgonzalez42"))
    #expect(has("Scanned by jcooper.", .name, "jcooper"))
    #expect(has("Updated by maria.delgado at 10:02", .name, "maria.delgado"))
    #expect(has("2026-01-04 09:12,kgallagher,badge-reader,granted", .name, "kgallagher"))
    #expect(nothing("patient is along for the ride with a stable spine and aspirin"))
    #expect(nothing("zoster vaccine, live"))
    #expect(!found("see www.example.org or mail info.desk@example.org").contains { $0.0 == .name })
}

@Test func initialsAfterLabels() {
    #expect(has("LAST: NOWAK FIRST: ANNA MIDDLE: K DOB: 01/02/1960", .name, "K"))
    #expect(has("Operator: BT\nCall ended.", .name, "BT"))
    #expect(nothing("Operator: ED triage line"))
}

@Test func namesInSpeechAndMessages() {
    #expect(has("this is doctor uh Vardanyan calling about", .name, "Vardanyan"))
    #expect(has("doctor okonjo dictating a note", .name, "okonjo"))
    #expect(has("my dad giorgio is worse today", .name, "giorgio"))
    #expect(has("sleep study note: pt nadia brooks arrived at 9", .name, "nadia brooks"))
    #expect(has("thank you, lorenzo ricci", .name, "lorenzo ricci"))
    #expect(has("a letter for aurelia pemberton-hale date of birth", .name, "aurelia pemberton-hale"))
    #expect(nothing("the doctor said to take it with food. mom is fine. thank you, doctor"))
}

@Test func lastFirstAfterPersonLabels() {
    #expect(has("Pt Nakashima, Sora  DOB 1990/01/02", .name, "Nakashima, Sora"))
    #expect(has("check-in pt=Faleolo, Sione dob=1980-02-03", .name, "Faleolo, Sione"))
    #expect(has("Student: Adeyemi, Mei-Hua   Program: nursing", .name, "Adeyemi, Mei-Hua"))
    #expect(nothing("Patient: Stable, afebrile overnight"))
}

@Test func namesAfterRoleWordsWithoutColon() {
    #expect(has("Incident reported. Supervisor Chiamaka Eze notified.", .name, "Chiamaka Eze"))
    #expect(has("Crew: B. Wisniewski (paramedic)", .name, "B. Wisniewski"))
    #expect(has("Operators: Nwosu / fellow on call", .name, "Nwosu"))
    #expect(nothing("Supervisor notified. Crew: two paramedics. Provider aware."))
}

@Test func namesWithBracketedRelations() {
    #expect(has("Caller is Folasade (aunt) for the child", .name, "Folasade"))
    #expect(has("son (Tobias) at bedside", .name, "Tobias"))
    #expect(nothing("Cardiology (father) history; aspirin (mother) too"))
}

@Test func signOutItems() {
    #expect(has("ICU sign-out:\n1. Prendergast — sepsis, on levo\n2. Neuro — stable", .name, "Prendergast"))
    #expect(has("Night list:\n- Mehta 5112 POD1 lap chole, fine", .name, "Mehta"))
    #expect(nothing("Plan:\n1. Sepsis — continue cefepime\n2. Hypotension — fluids\n3. Dispo — home"))
}

// MARK: places

@Test func namedFacilityEnds() {
    #expect(has("outside films from Stonebrook Imaging were reviewed", .location, "Stonebrook Imaging"))
    #expect(has("followed at Kessler Valley GI Partners for Barrett's", .location, "Kessler Valley GI Partners"))
    #expect(has("went to Westgate Urgent Care yesterday", .location, "Westgate Urgent Care"))
    #expect(has("Transferred to Pocono CMC by air", .location, "Pocono CMC"))
    #expect(nothing("Breast Imaging recommended. Diagnostic Imaging read it. Urgent Care was closed."))
}

@Test func facilityBranches() {
    #expect(covered("Rx sent to Fairway Pharmacy on Old Mill Rd today", "Fairway Pharmacy on Old Mill Rd"))
    #expect(covered("Pharmacy: Duane Reade, 118 Harbor Ave", "Duane Reade, 118 Harbor Ave"))
    #expect(covered("call from Oakridge Pharmacy #2210 about refill", "Oakridge Pharmacy #2210"))
    #expect(has("the store (Culebra Rd) closes at 9", .location, "Culebra Rd"))
}

@Test func lowercaseAddresses() {
    #expect(has("mail it to 77 e 5th st thanks", .location, "77 e 5th st"))
    #expect(has("new address 4120 n 22nd ave, tacoma wa 98406", .zip, "98406"))
    #expect(has("new address 4120 n 22nd ave, tacoma wa 98406", .location, "tacoma"))
    #expect(nothing("take 2 tabs at 10 pm and 1 more st"))
}

@Test func routesForeignStreetsAndCompass() {
    #expect(has("Address: RR 4 Box 52, Belzoni, MS", .location, "RR 4 Box 52"))
    #expect(nothing("RR 18, SpO2 97% on RA"))
    #expect(covered("Clínica: Rua Augusta, 2200, São Paulo", "Rua Augusta, 2200"))
    #expect(covered("staying with cousins in Southwest Philadelphia now", "Southwest Philadelphia"))
}

@Test func townFieldsAndNeighbourhoods() {
    #expect(has("ADDR1: 12 Elm St   CITY: Ypsilanti   ST: MI", .location, "Ypsilanti"))
    #expect(has("Birthplace: Kilkenny, Ireland", .location, "Kilkenny"))
    #expect(covered("at home in Colonia Los Pinos area", "Colonia Los Pinos"))
    #expect(has("staying at a hotel in Midtown Omaha now", .location, "Midtown Omaha"))
    #expect(nothing("City: not on file. Town hall meeting."))
}

@Test func lowercaseTownsAndWorkplaces() {
    #expect(has("we live in fresno now", .location, "fresno"))
    #expect(has("works nights at Brannock distribution center", .location, "Brannock"))
    #expect(nothing("we live in fear of falls; works at the distribution center"))
}

// MARK: codes

@Test func badgeNumbersKitsAndTails() {
    #expect(has("brought in by Officer Reyes, badge #4471 after", .identifier, "4471"))
    #expect(has("(Deputy Lowe, star #58812)", .identifier, "58812"))
    #expect(has("buccal swab kit 55120-BUC-9931 sent", .identifier, "55120-BUC-9931"))
    #expect(has("medevac helicopter tail no. N512LF inbound", .vehicle, "N512LF"))
    #expect(nothing("the officer said #2 pencil; kit opened; tail of pancreas"))
}

@Test func codesSharingAPrefix() {
    #expect(has("fingerprint template BIO-0x1F22A9 (left thumb), spare BIO-0x1F22B0 (right)", .biometric, "BIO-0x1F22B0"))
    #expect(nothing("CBC-diff pending, BMP-7 pending"))
}

@Test func endsInLastFour() {
    #expect(has("The SSN we have ends in 5521.", .ssn, "5521"))
    #expect(has("the card on file ends in 0912.", .account, "0912"))
}

@Test func photographArchives() {
    #expect(has("baseline saved as TBP_jones_2025.zip in the archive", .photo, "TBP_jones_2025.zip"))
    #expect(nothing("logs in export_2025.zip attached"))
}

// MARK: lower-case texts are scanned

@Test func allLowercaseMessagesAreScanned() {
    #expect(has("hi its marisol, my knee still hurts", .name, "marisol"))
    #expect(nothing("negative"))
}

@Test func weekdayDaysAndCJKDates() {
    #expect(has("the rash started tuesday 14, no fever", .date, "tuesday 14"))
    #expect(has("prior study (2023年11月2日) reviewed", .date, "2023年11月2日"))
    #expect(nothing("Sat 98% on RA; Wed 2 units"))
}

@Test func compassTownsAndInterstates() {
    #expect(has("moved to South Pasadena last year", .location, "South Pasadena"))
    #expect(covered("rollover on I-80 W near the exit", "I-80 W"))
    #expect(nothing("pain in South wing, walks to the North Station"))
}
