import Testing
@testable import GalenNN
@Test func smokeNN() {}
