import CGalenPlatform
import Foundation

/// The memory behind a tensor: `count` contiguous Float32 values.
///
/// Storage is either owned (allocated and freed by Galen) or borrowed from an
/// owner object that keeps it alive, such as a memory-mapped safetensors file.
/// Several tensors may share one storage (reshape and views do), like PyTorch.
public final class TensorStorage: @unchecked Sendable {
    /// First element.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of Float32 values.
    public let count: Int
    private let owner: AnyObject?

    private static let allocatorConfigured: Bool = {
        galen_configure_allocator()
        return true
    }()

    /// Allocates `count` uninitialised floats (64-byte aligned for SIMD loads); large buffers are reused
    /// through `BufferCache`.
    public init(uninitializedCount count: Int) {
        _ = Self.allocatorConfigured
        self.count = count
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        let raw = BufferCache.shared.allocate(bytes: bytes)
        self.pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        self.owner = nil
    }

    /// Allocates `count` floats set to `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        if value == 0 {
            memset(pointer, 0, count * MemoryLayout<Float>.stride)
        } else {
            pointer.initialize(repeating: value, count: count)
        }
    }

    /// Wraps memory that `owner` keeps alive (for example a mapped file).
    public init(borrowing pointer: UnsafeMutablePointer<Float>, count: Int, owner: AnyObject) {
        self.pointer = pointer
        self.count = count
        self.owner = owner
    }

    deinit {
        if owner == nil { BufferCache.shared.release(UnsafeMutableRawPointer(pointer), bytes: max(count, 1) * MemoryLayout<Float>.stride) }
    }

    /// The values as a buffer.
    @inlinable public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }
}
