import Foundation
import GalenTensor

/// The base of every layer and model, in the PyTorch style.
///
/// Subclasses override `forward(_:)` and keep their tensors and sub-modules in
/// stored properties. Properties are found by reflection, so a layer is just:
///
/// ```swift
/// final class TwoLayer: Module {
///     let fc1 = Dense(30, 64), fc2 = Dense(64, 1)
///     override func forward(_ x: Tensor) throws -> Tensor { try fc2(fc1(x).relu()) }
/// }
/// ```
///
/// Tensors that require gradients are parameters; other tensors are buffers
/// (saved in the state dict, not optimised). Names are PyTorch's dotted names
/// (`fc1.weight`, `0.bias` inside a `Sequential`), so state dicts move both ways.
open class Module {
    /// Whether the module is in training mode (dropout active, batch statistics used).
    public private(set) var isTraining = true

    public init() {}

    /// The computation. Subclasses must override it.
    /// - Throws: `NNError.forwardNotImplemented` if not overridden, or the layer's own errors.
    open func forward(_ input: Tensor) throws -> Tensor {
        throw NNError.forwardNotImplemented(String(describing: type(of: self)))
    }

    /// Calls `forward`, so that `layer(x)` reads like maths.
    public func callAsFunction(_ input: Tensor) throws -> Tensor { try forward(input) }

    /// Direct sub-modules with their names. The default reflects over stored
    /// properties (a `[Module]` property `blocks` yields `blocks.0`, `blocks.1`…).
    open var namedChildren: [(String, Module)] {
        var out: [(String, Module)] = []
        forEachStoredProperty { name, value in
            if let m = value as? Module { out.append((name, m)) }
            else if let ms = value as? [Module] { for (i, m) in ms.enumerated() { out.append(("\(name).\(i)", m)) } }
        }
        return out
    }

    /// This module's own tensors (not those of children) with their names.
    open var namedLocalTensors: [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        forEachStoredProperty { name, value in
            if let t = value as? Tensor { out.append((name, t)) }
        }
        return out
    }

    private func forEachStoredProperty(_ body: (String, Any) -> Void) {
        var mirror: Mirror? = Mirror(reflecting: self)
        var levels: [Mirror] = []
        while let m = mirror, m.subjectType != Module.self {
            levels.append(m)
            mirror = m.superclassMirror
        }
        for m in levels.reversed() {
            for child in m.children {
                guard let label = child.label else { continue }
                // Unwrap optionals (e.g. `let bias: Tensor?`).
                let value: Any
                let om = Mirror(reflecting: child.value)
                if om.displayStyle == .optional {
                    guard let wrapped = om.children.first?.value else { continue }
                    value = wrapped
                } else {
                    value = child.value
                }
                body(label.hasPrefix("_") ? String(label.dropFirst()) : label, value)
            }
        }
    }

    /// Every tensor (parameters and buffers) of this module and its descendants, with dotted names.
    public var namedTensors: [(String, Tensor)] {
        var out = namedLocalTensors
        for (prefix, child) in namedChildren {
            for (name, t) in child.namedTensors { out.append(("\(prefix).\(name)", t)) }
        }
        return out
    }

    /// Trainable parameters (tensors that require gradients), with dotted names.
    public var namedParameters: [(String, Tensor)] { namedTensors.filter { $0.1.requiresGrad } }

    /// Trainable parameters, in a stable order.
    public var parameters: [Tensor] { namedParameters.map { $0.1 } }

    /// Number of trainable scalar parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// This module and all descendants, depth first.
    public var modules: [Module] { [self] + namedChildren.flatMap { $0.1.modules } }

    /// Training mode for this module and its descendants.
    public func train(_ on: Bool = true) {
        for m in modules { m.isTraining = on }
    }

    /// Evaluation mode (dropout off, running statistics used).
    public func eval() { train(false) }

    /// Clears the gradients of all parameters.
    public func zeroGrad() { for p in parameters { p.grad = nil } }

    /// The state as name → tensor, sharing storage with the live tensors.
    /// Use `stateDictCopy()` for a snapshot by value.
    public func stateDict() -> [String: Tensor] {
        Dictionary(namedTensors, uniquingKeysWith: { a, _ in a })
    }

    /// A snapshot of every tensor's values, unaffected by later training.
    public func stateDictCopy() -> [String: Tensor] {
        Dictionary(namedTensors.map { ($0.0, $0.1.copy()) }, uniquingKeysWith: { a, _ in a })
    }

    /// Copies values from `state` into this module's tensors (in place, so
    /// optimizers holding the parameters keep working).
    /// - Parameter strict: when true, every key must match exactly.
    /// - Throws: `NNError.stateDict` listing missing and unexpected keys, or a shape mismatch.
    public func loadStateDict(_ state: [String: Tensor], strict: Bool = true) throws {
        let own = namedTensors
        let ownNames = Set(own.map { $0.0 })
        if strict {
            let missing = own.map { $0.0 }.filter { state[$0] == nil }
            let unexpected = state.keys.filter { !ownNames.contains($0) }.sorted()
            if !missing.isEmpty || !unexpected.isEmpty {
                var parts: [String] = []
                if !missing.isEmpty { parts.append("missing keys \(missing)") }
                if !unexpected.isEmpty { parts.append("unexpected keys \(unexpected)") }
                throw NNError.stateDict(parts.joined(separator: "; "))
            }
        }
        for (name, t) in own {
            guard let src = state[name] else { continue }
            guard src.shape == t.shape else {
                throw NNError.stateDict("\(name): expected shape \(t.shape), got \(src.shape)")
            }
        }
        for (name, t) in own {
            if let src = state[name] { try t.assign(src) }
        }
    }
}
