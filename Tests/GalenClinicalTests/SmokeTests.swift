import Testing
@testable import GalenClinical
@Test func clinicalSmoke() {}
