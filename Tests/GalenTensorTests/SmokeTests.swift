import Testing
@testable import GalenTensor
@Test func smoke() throws { let a = Tensor([1, 2]); #expect(try (a + a).scalars == [2, 4]) }
