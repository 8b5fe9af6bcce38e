import Foundation

/// Keeps freed large tensor buffers (1 MiB and more) for reuse, as PyTorch's CPU caching allocator does.
///
/// A training or inference loop allocates the same activation sizes every batch. Returned to the C
/// allocator, multi-megabyte convolution activations fragment its heap (and its per-thread arenas), so
/// resident memory grew to several times the working set in the CNN benchmarks; mapped and unmapped each
/// time instead, every batch page-faults fresh memory (measured: half the inference speed). Here a freed
/// buffer waits, up to `capacityBytes` in all (oldest released first), for the next request of the same
/// size; the C allocator maps large blocks itself (see `galen_configure_allocator`), so blocks released
/// from the cache go back to the system at once. (Giving back idle buffers on every miss was tried: within
/// one training step it evicted buffers needed moments later, and training ran at half speed.)
final class BufferCache: @unchecked Sendable {
    /// The cache behind every tensor's storage, keeping up to 512 MiB idle.
    static let shared = BufferCache(capacityBytes: 512 << 20)
    /// Smallest buffer (bytes) kept for reuse; smaller ones go straight to the C allocator.
    static let minimumBytes = 1 << 20
    /// Most idle bytes kept.
    let capacityBytes: Int

    private let lock = NSLock()
    private var idle: [(bytes: Int, pointer: UnsafeMutableRawPointer)] = []
    private var idleBytes = 0

    init(capacityBytes: Int) { self.capacityBytes = capacityBytes }

    /// Bytes held idle now.
    var idleByteCount: Int {
        lock.lock(); defer { lock.unlock() }
        return idleBytes
    }

    /// Size class of a request: bytes rounded up to whole 4 KiB pages.
    @inline(__always) static func sizeClass(_ bytes: Int) -> Int { (bytes + 4095) & ~4095 }

    /// A 64-byte aligned block of at least `bytes` bytes (uninitialised); release it with `release(_:bytes:)`.
    func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        let size = BufferCache.sizeClass(bytes)
        if size >= BufferCache.minimumBytes {
            lock.lock()
            if let i = idle.lastIndex(where: { $0.bytes == size }) {
                let p = idle.remove(at: i).pointer
                idleBytes -= size
                lock.unlock()
                return p
            }
            lock.unlock()
        }
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
    }

    /// Returns a block from `allocate(bytes:)` with the same `bytes`.
    func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        let size = BufferCache.sizeClass(bytes)
        guard size >= BufferCache.minimumBytes, size <= capacityBytes else { pointer.deallocate(); return }
        var evicted: [UnsafeMutableRawPointer] = []
        lock.lock()
        idle.append((size, pointer))
        idleBytes += size
        while idleBytes > capacityBytes {
            let oldest = idle.removeFirst()
            idleBytes -= oldest.bytes
            evicted.append(oldest.pointer)
        }
        lock.unlock()
        for p in evicted { p.deallocate() }
    }
}
