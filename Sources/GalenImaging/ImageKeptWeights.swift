import Foundation

/// Which weights an image training run keeps and saves.
///
/// - `best`: the weights of the best validation epoch (ROC AUC for binary tasks, loss otherwise), with early
///   stopping after `patience` epochs without improvement. The default.
/// - `last`: the weights after the last epoch, as Keras's `fit` keeps them (without `restore_best_weights`) and as
///   the MedMNIST v2 reference training code saves them (its `best_model = model` names the live network, so the
///   saved and tested weights are the final ones). Every epoch runs (no early stopping); validation is still
///   measured after each epoch for the log and the learning curves, and still chooses the decision threshold.
public enum ImageKeptWeights: String, Codable, Sendable, CaseIterable {
    case best, last
}
