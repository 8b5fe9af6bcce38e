import Foundation

/// Errors from loading or running a BERT encoder. Each names the file, tensor or input at fault,
/// never token values.
public enum BertError: Error, CustomStringConvertible, Equatable {
    /// `config.json` is unreadable, not JSON, or describes a model Galen cannot build.
    case config(path: String, detail: String)
    /// The weights file has no tensor of this (Hugging Face) name.
    case missingTensor(name: String, path: String)
    /// A tensor has the wrong shape for the configuration.
    case tensorShape(name: String, expected: [Int], actual: [Int], path: String)
    /// The weights file names a tensor of the encoder that the configuration does not have.
    case unexpectedTensor(name: String, path: String)
    /// Input ids, masks or lengths do not fit the model.
    case badInput(String)

    public var description: String {
        switch self {
        case let .config(path, detail): return "BERT config \(path): \(detail)"
        case let .missingTensor(name, path): return "BERT weights \(path): missing tensor \(name)"
        case let .tensorShape(name, expected, actual, path):
            return "BERT weights \(path): tensor \(name) has shape \(actual), expected \(expected)"
        case let .unexpectedTensor(name, path):
            return "BERT weights \(path): unexpected tensor \(name) (not part of a model with this config.json)"
        case let .badInput(detail): return "BERT input: \(detail)"
        }
    }
}
