/// Errors from reading or writing a safetensors file.
///
/// Every case names the file (`path`) and the problem: the tensor, the values found and the
/// values expected, so that a message read in a log points at the fault in the file.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No file exists at `path` (or a folder on the way to it is missing).
    case fileNotFound(path: String)
    /// `path` exists but is not a regular file (a directory, a pipe, a device).
    case notARegularFile(path: String, kind: String)
    /// A system call failed: `operation` names it (`open`, `mmap`, `write`, `rename`...),
    /// `detail` is the system's message.
    case ioFailed(path: String, operation: String, detail: String)
    /// The file holds fewer than the 8 bytes of the header length (an empty or truncated file).
    case fileTooSmall(path: String, byteCount: Int)
    /// The header length field exceeds `limit` (`SafeTensors.maximumHeaderLength`).
    case headerTooLarge(path: String, headerLength: UInt64, limit: Int)
    /// The header length field points past the end of the file: `available` bytes follow the
    /// length field.
    case headerExceedsFile(path: String, headerLength: UInt64, available: Int)
    /// The header is not UTF-8, does not start with `{`, is not valid JSON, or is not a JSON object.
    case invalidHeader(path: String, detail: String)
    /// The header entry of `tensor` is not an object with a string `dtype`, an integer array
    /// `shape` and an integer array `data_offsets` of two elements.
    case invalidEntry(path: String, tensor: String, detail: String)
    /// `__metadata__` is not an object whose values are all strings.
    case invalidMetadata(path: String, detail: String)
    /// `tensor` has a dtype Galen cannot convert to Float32 (see `SafeTensors.supportedDTypes`).
    case unsupportedDType(path: String, tensor: String, dtype: String)
    /// `tensor` has a negative dimension or an element count that does not fit in memory.
    case invalidShape(path: String, tensor: String, shape: [Int], detail: String)
    /// The byte range of `tensor` (`actual` bytes) differs from what its shape and dtype need
    /// (`expected` bytes).
    case byteCountMismatch(path: String, tensor: String, dtype: String, shape: [Int], expected: Int, actual: Int)
    /// The data offsets of `tensor` are reversed, negative, past the end of the data buffer,
    /// overlap another tensor's or leave a hole before it.
    case invalidOffsets(path: String, tensor: String, begin: Int, end: Int, detail: String)
    /// The tensors cover `covered` bytes, but the data buffer holds `bufferLength` bytes.
    case incompleteBuffer(path: String, covered: Int, bufferLength: Int)
    /// A tensor name that cannot be written (empty, or the reserved `__metadata__`).
    case invalidTensorName(path: String, name: String, detail: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case let .fileNotFound(p), let .notARegularFile(p, _), let .ioFailed(p, _, _), let .fileTooSmall(p, _),
             let .headerTooLarge(p, _, _), let .headerExceedsFile(p, _, _), let .invalidHeader(p, _),
             let .invalidEntry(p, _, _), let .invalidMetadata(p, _), let .unsupportedDType(p, _, _),
             let .invalidShape(p, _, _, _), let .byteCountMismatch(p, _, _, _, _, _),
             let .invalidOffsets(p, _, _, _, _), let .incompleteBuffer(p, _, _), let .invalidTensorName(p, _, _):
            return p
        }
    }

    /// A one-line message naming the file and the problem.
    public var description: String {
        switch self {
        case let .fileNotFound(path):
            return "safetensors \(path): no such file"
        case let .notARegularFile(path, kind):
            return "safetensors \(path): not a regular file (it is \(kind))"
        case let .ioFailed(path, operation, detail):
            return "safetensors \(path): \(operation) failed: \(detail)"
        case let .fileTooSmall(path, n):
            return "safetensors \(path): file is \(n) bytes, shorter than the 8-byte header length; it is empty or truncated"
        case let .headerTooLarge(path, length, limit):
            return "safetensors \(path): header length \(length) bytes exceeds the limit of \(limit) bytes"
        case let .headerExceedsFile(path, length, available):
            return "safetensors \(path): header length \(length) bytes, but only \(available) bytes follow the length field; the file is truncated or not safetensors"
        case let .invalidHeader(path, detail):
            return "safetensors \(path): invalid header: \(detail)"
        case let .invalidEntry(path, tensor, detail):
            return "safetensors \(path): tensor \"\(tensor)\": invalid header entry: \(detail)"
        case let .invalidMetadata(path, detail):
            return "safetensors \(path): invalid __metadata__: \(detail)"
        case let .unsupportedDType(path, tensor, dtype):
            return "safetensors \(path): tensor \"\(tensor)\": unsupported dtype \"\(dtype)\" (supported: \(SafeTensors.supportedDTypes.joined(separator: ", ")))"
        case let .invalidShape(path, tensor, shape, detail):
            return "safetensors \(path): tensor \"\(tensor)\": invalid shape \(shape): \(detail)"
        case let .byteCountMismatch(path, tensor, dtype, shape, expected, actual):
            return "safetensors \(path): tensor \"\(tensor)\": dtype \(dtype) with shape \(shape) needs \(expected) bytes, but data_offsets span \(actual) bytes"
        case let .invalidOffsets(path, tensor, begin, end, detail):
            return "safetensors \(path): tensor \"\(tensor)\": invalid data_offsets [\(begin), \(end)]: \(detail)"
        case let .incompleteBuffer(path, covered, length):
            return "safetensors \(path): tensors cover \(covered) bytes of the \(length)-byte data buffer; the rest is unaccounted for"
        case let .invalidTensorName(path, name, detail):
            return "safetensors \(path): invalid tensor name \"\(name)\": \(detail)"
        }
    }
}
