import Foundation

/// Reusable scratch memory for kernels (im2col columns, transposed blocks), so that a training loop does not
/// allocate and free megabytes per layer per batch. Buffers are kept in a small process-wide pool, taken by
/// one caller at a time (so concurrent callers get different buffers), and returned after use.
enum ScratchBuffers {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var free: [UnsafeMutableBufferPointer<Float>] = []
    /// Buffers kept when returned; more are freed. A Winograd convolution holds three at once (transformed
    /// weights, inputs, products), and `predict` runs one per core: with 4 kept, buffers were freed and
    /// reallocated every batch and the heap grew (CNN-28 peak RSS 172 MB instead of 140 MB).
    private static let keep = 8

    /// Runs `body` with an uninitialised buffer of at least `count` floats, 64-byte aligned.
    static func with<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        let buffer = take(count)
        defer { give(buffer) }
        return try body(buffer.baseAddress!)
    }

    private static func take(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        lock.lock()
        // The smallest free buffer that is large enough, else the largest (replaced by a larger one).
        var best: Int? = nil
        for (i, b) in free.enumerated() where b.count >= count {
            if best == nil || b.count < free[best!].count { best = i }
        }
        if best == nil, !free.isEmpty { best = free.indices.max { free[$0].count < free[$1].count } }
        let found = best.map { free.remove(at: $0) }
        lock.unlock()
        if let found, found.count >= count { return found }
        if let found { release(found) }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        return UnsafeMutableBufferPointer(start: raw.bindMemory(to: Float.self, capacity: max(count, 1)), count: max(count, 1))
    }

    private static func give(_ buffer: UnsafeMutableBufferPointer<Float>) {
        lock.lock()
        if free.count < keep {
            free.append(buffer)
            lock.unlock()
        } else {
            lock.unlock()
            release(buffer)
        }
    }

    private static func release(_ buffer: UnsafeMutableBufferPointer<Float>) {
        UnsafeMutableRawPointer(buffer.baseAddress!).deallocate()
    }
}
