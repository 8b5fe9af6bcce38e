import Testing
@testable import GalenPrivacy

// The rules of the third recall round, written from the misses on `heldout3` (then a development set) and the
// other sets (docs/deid.md, "Recall round on heldout3"): each test shows forms of a family that must be found
// (written for the test, not copied from a note) and a near miss that must be left alone.

private func nothing(_ text: String) -> Bool { found(text).isEmpty }

// MARK: dates

@Test func timesAndZonesAfterDates() {
    #expect(has("Signed 2025-03-08 14:22:31 by RN.", .date, "2025-03-08 14:22:31"))
    #expect(has("Seen 04/02/2025 9:15 AM today.", .date, "04/02/2025 9:15 AM"))
    #expect(has("Date: Tue, 4 Mar 2025 08:01:09 -0800", .date, "Tue, 4 Mar 2025 08:01:09 -0800"))
    #expect(has("Start 2025-03-08T06:30:00+05:30 end", .date, "2025-03-08T06:30:00+05:30"))
    #expect(nothing("Vitals at 14:22: BP 120/80."))
}

@Test func moreDateForms() {
    #expect(has("DOB 1979-Jan-15.", .date, "1979-Jan-15"))
    #expect(has("born 7.xi.1944 in", .date, "7.xi.1944"))
    #expect(has("desde 3 de julho de 2023 sem", .date, "3 de julho de 2023"))
    #expect(has("seen nov 12, stable", .date, "nov 12"))
    #expect(nothing("Insulin dec 2 units, may 5 units"))
    #expect(nothing("buprenorphine/naloxone 8/2 mg daily"))
}

@Test func monthsAloneAndHolidays() {
    #expect(has("back in mid-October to", .date, "mid-October"))
    #expect(has("Next visit Sept.", .date, "Sept"))
    #expect(has("(Labor Day weekend)", .date, "Labor Day"))
    #expect(has("Sick since thanksgiving and", .date, "thanksgiving"))
    #expect(nothing("Christmas tree lights. March of Dimes."))
}

// MARK: numbers

@Test func maskedSSNsAndCards() {
    #expect(has("SSN XXX-XX-4417 on file", .ssn, "XXX-XX-4417"))
    #expect(covered("ss# ***-**-9021 verified", "***-**-9021"))
    #expect(has("Visa ****3381 declined", .account, "****3381"))
    #expect(has("card xxxx5512 on file", .account, "xxxx5512"))
    #expect(has("last 4 of SSN (7713) verified", .ssn, "7713"))
    #expect(has("SSN..........: XXX-XX-6230 ADDRESS", .ssn, "XXX-XX-6230"))
    #expect(has("Card XXXX-XXXX-XXXX-1234 ok", .account, "XXXX-XXXX-XXXX-1234"))
    #expect(nothing("Room 4471 is ready. Box 4417 and 2 x 4417. Walgreens #4471."))
}

@Test func scannedDocumentsAsPhotos() {
    #expect(has("Card scanned (card_scan_20250101.pdf) to chart.", .photo, "card_scan_20250101.pdf"))
    #expect(nothing("See consent.pdf and Discharge_summary.pdf."))
}

@Test func socialMediaHandles() {
    #expect(has("Also his Instagram @river.runs99 today.", .identifier, "@river.runs99"))
    #expect(has("Follow @kofi_b for updates", .identifier, "@kofi_b"))
    #expect(!found("Meet @ 3pm, then @home; email a.b@c.org").contains { $0.0 == .identifier })
}

@Test func nationalNumbersAndLetteredCodes() {
    #expect(has("CURP GOMR850312MDFRRN09 on file", .identifier, "GOMR850312MDFRRN09"))
    #expect(has("Acct: HX 55120934 billed", .account, "HX 55120934"))
    #expect(has("RAMQ number LAVM 5512 0934 valid", .healthPlan, "LAVM 5512 0934"))
    #expect(nothing("Acct note: OK 12 items"))
}

@Test func productCodesAreNotIdentifiers() {
    #expect(nothing("lot UT8841AA, catalog 1708000, Rx BIN 610014."))
    #expect(has("claim 7712093 filed", .identifier, "7712093"))
}

@Test func multiPartCodesAndNewCues() {
    #expect(has("FACE-ID-00412 enrolled", .identifier, "FACE-ID-00412"))
    #expect(has("license #CRT-44190 renewed", .license, "CRT-44190"))
    #expect(has("key QW7R2ZP submitted", .identifier, "QW7R2ZP"))
    #expect(has("plate TMP 4471-BX on file", .vehicle, "TMP 4471-BX"))
    #expect(nothing("COVID-19 negative, HER2-neu pending."))
}

@Test func tableColumnsTypedByHeader() {
    let csv = "pt_id,full_name,dob,ssn_last4,sex\n77,\"Okafor, Ada\",1980-02-03,5521,F\n"
    #expect(has(csv, .name, "\"Okafor, Ada\""))  // with its quotes since the seventh round
    #expect(has(csv, .ssn, "5521"))
    #expect(!covered(csv, ",F"))
    #expect(nothing("test_name,result,units,flag\nSodium,139,mmol/L,N\n"))
}

// MARK: names

@Test func unidentifiedPatientAliases() {
    #expect(has("Registered as Unknown, Bravo 2291 in triage.", .name, "Unknown, Bravo 2291"))
    #expect(has("Trauma Sierra arrived by air.", .name, "Trauma Sierra"))
    #expect(has("Baby Girl Okafor in NICU.", .name, "Baby Girl Okafor"))
    #expect(nothing("Unknown, likely viral. Trauma bay 2."))
}

@Test func lowerCaseNamesAfterConversationalCues() {
    #expect(has("Portal: hi its marisol, my knee", .name, "marisol"))
    #expect(has("Portal: my husband is kevin and he", .name, "kevin"))
    #expect(has("Portal: hi dr brennan thanks", .name, "brennan"))
    #expect(has("Portal: name: lucas ferreira. i fell", .name, "lucas ferreira"))
    #expect(nothing("Portal: its side effects were mild. my daughter can drive."))
}

@Test func namesAfterRoleWords() {
    #expect(has("Agent: Tomasz called back.", .name, "Tomasz"))
    #expect(has("brought in by officer Delacroix, #4471", .name, "Delacroix"))
    #expect(has("Resp: RT Ilona.", .name, "Ilona"))
    #expect(nothing("Agent Orange exposure. officer on duty notified. RT knee pain."))
}

@Test func patientsByBedRoomAndList() {
    #expect(has("bed 4 - kowalczyk, 80F, CAP", .name, "kowalczyk"))
    #expect(has("rm 12: Abernethy — CHF", .name, "Abernethy"))
    #expect(has("bed 5 (Halvorsen) telemetry", .name, "Halvorsen"))
    #expect(has("2. Abernathy — 91yo, CHF", .name, "Abernathy"))
    #expect(nothing("bed 3 - stable overnight. bed 5 (Fowler position). 2. Sepsis — improving"))
}

@Test func initialsUserNamesAndVietnameseNames() {
    #expect(has("Patient initials K.L.M., MRN 5512093", .name, "K.L.M."))
    #expect(has("Log: username ana.ribeiro reset", .name, "ana.ribeiro"))
    #expect(has("Log: provider dr.okafor joined", .name, "dr.okafor"))
    #expect(has("- mkowalski (charge RN)", .name, "mkowalski"))
    #expect(has("Trần Văn Bình (rm 4)", .name, "Trần Văn Bình"))
    #expect(nothing("Note: e.g. pain - pending (RN aware)"))
}

@Test func namesBeforeRecordCuesAndLowerCasePatients() {
    #expect(has("referral for Amara Nwachukwu (DOB 2019-01-02)", .name, "Amara Nwachukwu"))
    #expect(has("Dad (Tesfaye Alemu) called", .name, "Tesfaye Alemu"))
    #expect(has("Patient: Tanaka, Hiroshi   MRN 5512", .name, "Tanaka, Hiroshi"))
    #expect(has("ED: pt nguyen thi lan 44F c/o", .name, "nguyen thi lan"))
    #expect(nothing("Pulmonary Function (DOB n/a). ED: pt reports nausea, 44F"))
}

@Test func carModelsAreNeitherNamesNorPlaces() {
    #expect(nothing("drives a gray Toyota Corolla to work"))
    #expect(has("Honda Civic, MA 4TR-552 towed", .vehicle, "MA 4TR-552"))
}

@Test func romanisedAndTransliteratedNamesAreListed() {
    let lexicon = Lexicon.shared
    #expect(lexicon.firstNames.contains("Xiulan"))
    #expect(lexicon.lastNames.contains("Kovalenko"))
    #expect(!lexicon.firstNames.contains("Rem") && !lexicon.lastNames.contains("Endo"))
}

// MARK: places

@Test func foreignStreetsCornersAndLetteredAvenues() {
    #expect(has("lives at Rua das Flores 120, Porto", .location, "Rua das Flores 120"))
    #expect(has("office at Av. Reforma 455 in", .location, "Av. Reforma 455"))
    #expect(has("mail to 88 rue Oberkampf, Paris", .location, "88 rue Oberkampf"))
    #expect(has("found at Elm St & Oak Ave by EMS", .location, "Elm St & Oak Ave"))
    #expect(has("at 2210 Avenue J, Brooklyn", .location, "2210 Avenue J"))
    #expect(nothing("via the left radial artery"))
}

@Test func moreFacilityForms() {
    #expect(has("from Maplewood Behavioral Health today", .location, "Maplewood Behavioral Health"))
    #expect(has("Hartwell Rehab & Nursing called", .location, "Hartwell Rehab & Nursing"))
    #expect(has("records from Hospital Alemão Oswaldo Cruz arrived", .location, "Hospital Alemão Oswaldo Cruz"))
    #expect(has("admitted from Bethany Home of Fargo today", .location, "Bethany Home of Fargo"))
    #expect(has("on the Tobin Bridge walkway", .location, "Tobin Bridge"))
    #expect(nothing("referred to Behavioral Health. Occupational Health cleared her. Hospital Course: uneventful"))
}

@Test func neighbourhoodsCountiesRoadsAndTowns() {
    #expect(has("in the Oak Hollow neighborhood", .location, "Oak Hollow"))
    #expect(covered("Dingle, Co. Clare", "Co. Clare"))
    #expect(has("crash on I-80 EB near mile marker 112 today", .location, "I-80 EB near mile marker 112"))
    #expect(has("home in Hanalei, HI; provider", .location, "Hanalei"))
    #expect(!found("Smith, MD.").contains { $0.0 == .location })
}

@Test func townsAndStreetsBeforeSiteWords() {
    #expect(has("seen at the Pittsburg office today", .location, "Pittsburg"))
    #expect(has("at your Round Rock location on", .location, "Round Rock"))
    #expect(has("the Story Rd site: 12 mi", .location, "Story Rd"))
    #expect(nothing("the Main office is closed. Cardiology office visit."))
}

@Test func townsChainedAfterAddresses() {
    #expect(has("402 Elm St, Cedar Hill TX 75104", .location, "Cedar Hill"))
    #expect(has("7 Pine Rd, Fairhaven, Westbrook 04092", .location, "Westbrook"))
    #expect(!found("Revere, Massachusetts 02151").contains { $0 == (.location, "Massachusetts") })
}

@Test func foreignPostcodes() {
    #expect(has("Monterrey CP 64000 México", .zip, "64000"))
    #expect(has("Eircode A65 F4E2", .zip, "A65 F4E2"))
    #expect(nothing("CP 2 with spasticity"))
}

// MARK: ages

@Test func moreAgeForms() {
    #expect(has("her sister Inga is 97 and lives", .age, "97"))
    #expect(has("A one hundred and one-year-old man", .age, "one hundred and one-year-old"))
    #expect(has("TAVR at ninety with good function", .age, "ninety"))
    #expect(has("Pt Ingrid Olsen, 93 F, fall", .age, "93"))
    #expect(nothing("HR is 97 and regular"))
}
