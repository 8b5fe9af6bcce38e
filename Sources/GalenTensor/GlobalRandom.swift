import Foundation

/// The process-wide seed source, like `torch.manual_seed`: layers and
/// initialisers that are not given a seed draw one from here, so that seeding
/// once at the start makes a whole program reproducible.
public enum GlobalRandom {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var generator = SeededGenerator(seed: 0x6A6C_656E_2024)

    /// Restarts the global sequence from `seed`.
    public static func seed(_ seed: UInt64) {
        lock.lock(); defer { lock.unlock() }
        generator = SeededGenerator(seed: seed)
    }

    /// The next seed from the global sequence (thread-safe).
    public static func nextSeed() -> UInt64 {
        lock.lock(); defer { lock.unlock() }
        return generator.next()
    }
}
