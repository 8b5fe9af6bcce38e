import Testing
@testable import GalenData
@Test func dataSmoke() {}
