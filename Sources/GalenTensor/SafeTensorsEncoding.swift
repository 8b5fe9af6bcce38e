import Foundation

extension SafeTensors {
    /// The bytes `write(_:metadata:to:)` would write, built in memory (e.g. to encrypt them before they touch the
    /// disk). Memory: one copy of every tensor's values.
    /// - Throws: `SafeTensorsError.invalidTensorName` for an empty or reserved name.
    public static func encoded(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws -> Data {
        let names = tensors.keys.sorted()
        for name in names where name.isEmpty || name == metadataKey {
            throw SafeTensorsError.invalidTensorName(path: "memory", name: name,
                                                     detail: name.isEmpty ? "names must not be empty"
                                                         : "the name is reserved for the metadata object")
        }
        let ordered = names.map { (name: $0, tensor: tensors[$0]!) }
        let header = makeHeader(ordered, metadata: metadata)
        var out = Data()
        out.reserveCapacity(8 + header.count + ordered.reduce(0) { $0 + $1.tensor.count * 4 })
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for (_, t) in ordered {
            if 1.littleEndian == 1 {
                out.append(UnsafeBufferPointer(start: t.pointer, count: t.count))
            } else {
                for i in 0..<t.count { withUnsafeBytes(of: t.pointer[i].bitPattern.littleEndian) { out.append(contentsOf: $0) } }
            }
        }
        return out
    }
}
