import Foundation

/// Whether operations record the autodiff graph on the current thread.
///
/// Recording is on by default. Inside `withNoGrad` nothing is recorded, which
/// makes inference faster and lighter (PyTorch's `torch.no_grad()`). The flag is
/// per thread, so a server may run inference while another thread trains.
public enum GradMode {
    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    /// True when operations on tensors that require gradients record the graph.
    @inlinable public static var isEnabled: Bool { disabledDepth == 0 }

    @usableFromInline static var disabledDepth: Int {
        get { Int(bitPattern: pthread_getspecific(key)) }
        set { pthread_setspecific(key, UnsafeRawPointer(bitPattern: newValue)) }
    }
}

/// Runs `body` with autodiff recording disabled on this thread.
@discardableResult
public func withNoGrad<T>(_ body: () throws -> T) rethrows -> T {
    GradMode.disabledDepth += 1
    defer { GradMode.disabledDepth -= 1 }
    return try body()
}
