import Foundation

/// Reading and writing tensors in the safetensors format, the weight format of
/// PyTorch and Hugging Face, so weights move both ways between Galen and Python.
///
/// A safetensors file is:
/// 1. 8 bytes: `N`, the length of the header in bytes, an unsigned 64-bit little-endian integer;
/// 2. `N` bytes: a UTF-8 JSON object (it may be padded at the end with spaces) mapping each tensor
///    name to `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`, plus an optional
///    `"__metadata__"` object of string keys and string values;
/// 3. the data buffer: the values of every tensor, little-endian, row-major. `data_offsets` are
///    byte offsets relative to the start of the buffer; the ranges of all tensors must not overlap,
///    must leave no holes and must cover the buffer exactly.
///
/// Galen tensors are Float32, so `read` converts every supported dtype to Float32 and `write`
/// always writes `F32`.
///
/// ```swift
/// try SafeTensors.write(["w": w, "b": b], metadata: ["format": "pt"], to: url)
/// let weights = try SafeTensors.read(contentsOf: url)   // ["b": Tensor, "w": Tensor]
/// ```
public enum SafeTensors {
    /// The largest header `read` accepts, in bytes (100 MB, the limit of the reference implementation).
    public static let maximumHeaderLength = 100_000_000

    /// The dtypes `read` understands; each is converted to Float32.
    ///
    /// Integer values above 2^24 in magnitude and `F64` values lose precision in the
    /// conversion, exactly as `tensor.float()` does in PyTorch.
    public static let supportedDTypes: [String] = DType.allCases.map(\.rawValue)

    /// Key of the string-to-string metadata object in the header.
    static let metadataKey = "__metadata__"

    /// An element type of the safetensors format that Galen can read.
    enum DType: String, CaseIterable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64"
        case f8e4m3 = "F8_E4M3", f8e5m2 = "F8_E5M2"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8"
        case u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8"
        case bool = "BOOL"

        /// Bytes per element.
        var byteSize: Int {
            switch self {
            case .f64, .i64, .u64: return 8
            case .f32, .i32, .u32: return 4
            case .f16, .bf16, .i16, .u16: return 2
            case .f8e4m3, .f8e5m2, .i8, .u8, .bool: return 1
            }
        }
    }
}
