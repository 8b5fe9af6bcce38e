import Foundation

/// How the image recipe's learning rate changes from epoch to epoch (set at the start of each epoch).
///
/// - `cosine`: cosine decay from the base rate to base/100 over `--epochs`:
///   `lr(e) = min + (base − min)·(1 + cos(π·e/E))/2` for 0-based epoch `e` of `E` (PyTorch's
///   `CosineAnnealingLR(T_max: E, eta_min: base/100)`, stepped once per epoch).
/// - `step`: the MedMNIST v2 paper's schedule: the base rate, ×0.1 from 50 % of `--epochs` and ×0.01 from 75 %
///   (epochs 50 and 75 of 100; PyTorch's `MultiStepLR(milestones: [E/2, 3E/4], gamma: 0.1)`, integer division;
///   a milestone at epoch 0 is ignored).
/// - `constant`: the base rate throughout.
public enum ImageLRSchedule: String, Codable, Sendable, CaseIterable {
    case cosine, step, constant

    /// The learning rate for 0-based `epoch` of `epochs`, from `base` (same units as `base`).
    public func rate(epoch: Int, epochs: Int, base: Float) -> Float {
        let total = max(1, epochs), e = min(max(0, epoch), total)
        switch self {
        case .cosine:
            if e == 0 { return base }  // exactly the base rate, as before the first step of CosineAnnealingLR
            let minimum = base / 100
            return minimum + (base - minimum) * (1 + cosf(Float.pi * Float(e) / Float(total))) / 2
        case .step:
            // Milestones at epoch 0 (runs of one epoch) are ignored: the first epoch always has the base rate.
            var rate = base
            for milestone in [total / 2, (3 * total) / 4] where milestone > 0 && e >= milestone { rate *= 0.1 }
            return rate
        case .constant:
            return base
        }
    }

    /// A few words for reports, e.g. "cosine decay".
    public var summary: String {
        switch self {
        case .cosine: return "cosine decay"
        case .step: return "×0.1 at 50 % and 75 % of the epochs"
        case .constant: return "constant"
        }
    }
}
