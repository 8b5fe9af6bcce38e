import GalenNN
import GalenTensor

/// The two convolutional networks of the seed documents, as `Sequential`
/// models with PyTorch-style layer names.
public enum SeedCNN {
    /// 28×28 images (MedMNIST): Conv 32 → max-pool → Conv 64 → max-pool → Conv 64 → Dense 64 → outputs,
    /// 3×3 valid convolutions with ReLU, 2×2 pools (the Keras tutorial network).
    /// - Parameters:
    ///   - channels: 1 for grey, 3 for colour.
    ///   - outputs: 1 logit for binary, else one per class.
    ///   - seed: initial weights.
    public static func small(channels: Int = 1, outputs: Int = 1, seed: UInt64) -> Sequential {
        var g = SeededGenerator(seed: seed)
        return Sequential {
            Conv2D(channels, 32, kernelSize: 3, seed: g.nextSeed()); ReLU(); MaxPool2D(2)
            Conv2D(32, 64, kernelSize: 3, seed: g.nextSeed()); ReLU(); MaxPool2D(2)
            Conv2D(64, 64, kernelSize: 3, seed: g.nextSeed()); ReLU()
            Flatten()
            Dense(64 * 3 * 3, 64, seed: g.nextSeed()); ReLU()
            Dense(64, outputs, seed: g.nextSeed())
        }
    }

    /// 150×150 colour images: Conv 32 → pool → Conv 64 → pool → Conv 128 → pool → Conv 128 → pool →
    /// Dense 512 → outputs (3×3 valid convolutions with ReLU, 2×2 pools).
    public static func large(channels: Int = 3, outputs: Int = 1, seed: UInt64) -> Sequential {
        var g = SeededGenerator(seed: seed)
        return Sequential {
            Conv2D(channels, 32, kernelSize: 3, seed: g.nextSeed()); ReLU(); MaxPool2D(2)
            Conv2D(32, 64, kernelSize: 3, seed: g.nextSeed()); ReLU(); MaxPool2D(2)
            Conv2D(64, 128, kernelSize: 3, seed: g.nextSeed()); ReLU(); MaxPool2D(2)
            Conv2D(128, 128, kernelSize: 3, seed: g.nextSeed()); ReLU(); MaxPool2D(2)
            Flatten()
            Dense(128 * 7 * 7, 512, seed: g.nextSeed()); ReLU()
            Dense(512, outputs, seed: g.nextSeed())
        }
    }
}
