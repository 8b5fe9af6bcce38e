import Foundation
import GalenNN
import GalenTensor

/// Loading Hugging Face BERT weights into a `BertEncoder` by parameter name.
///
/// Hugging Face name (after an optional `bert.` prefix) → Galen tensor:
/// - `embeddings.word_embeddings.weight`, `embeddings.position_embeddings.weight`,
///   `embeddings.token_type_embeddings.weight`, `embeddings.LayerNorm.weight/bias` → the same names;
/// - `encoder.layer.N.attention.self.{query,key,value}.weight/bias` → stacked (query, key, value)
///   into `encoder.layer.N.self_attn.in_proj_weight/in_proj_bias`;
/// - `attention.output.dense.*` → `self_attn.out_proj.*`; `attention.output.LayerNorm.*` → `norm1.*`;
///   `intermediate.dense.*` → `linear1.*`; `output.dense.*` → `linear2.*`; `output.LayerNorm.*` → `norm2.*`.
///
/// `pooler.*`, `embeddings.position_ids` and tensors outside `embeddings.` and `encoder.` (heads such
/// as `cls.*`) are ignored; a tensor under `encoder.` or `embeddings.` that the configuration has
/// no place for is an error, as is a missing or misshapen one.
extension BertEncoder {
    /// Reads `url` (safetensors) and copies every encoder tensor in.
    /// - Throws: `BertError.missingTensor`, `.tensorShape` or `.unexpectedTensor` naming the tensor;
    ///   `SafeTensorsError` for an unreadable file.
    public func loadHuggingFaceWeights(contentsOf url: URL) throws {
        try loadHuggingFaceWeights(try SafeTensors.read(contentsOf: url), source: url.path)
    }

    /// Copies the tensors of a Hugging Face state dict (`name → tensor`) in; `source` names it in errors.
    /// Nothing is changed unless every tensor is present and well shaped.
    /// - Throws: `BertError.missingTensor`, `.tensorShape` or `.unexpectedTensor` naming the tensor.
    public func loadHuggingFaceWeights(_ tensors: [String: Tensor], source: String) throws {
        let prefixed = tensors.keys.contains { $0.hasPrefix("bert.") }
        var byName: [String: Tensor] = [:]
        for (name, t) in tensors {
            let key = prefixed && name.hasPrefix("bert.") ? String(name.dropFirst(5)) : name
            byName[key] = t
        }
        let h = config.hiddenSize, ff = config.intermediateSize
        var used: Set<String> = []
        func take(_ name: String, _ shape: [Int]) throws -> Tensor {
            let shown = prefixed ? "bert." + name : name
            guard let t = byName[name] else { throw BertError.missingTensor(name: shown, path: source) }
            guard t.shape == shape else {
                throw BertError.tensorShape(name: shown, expected: shape, actual: t.shape, path: source)
            }
            used.insert(name)
            return t
        }
        // Gather and check everything first, then copy.
        var copies: [(Tensor, Tensor)] = []
        copies.append((embeddings.wordEmbeddings.weight, try take("embeddings.word_embeddings.weight", [config.vocabSize, h])))
        copies.append((embeddings.positionEmbeddings.weight,
                       try take("embeddings.position_embeddings.weight", [config.maxPositionEmbeddings, h])))
        copies.append((embeddings.tokenTypeEmbeddings.weight,
                       try take("embeddings.token_type_embeddings.weight", [config.typeVocabSize, h])))
        copies.append((embeddings.layerNorm.weight!, try take("embeddings.LayerNorm.weight", [h])))
        copies.append((embeddings.layerNorm.bias!, try take("embeddings.LayerNorm.bias", [h])))
        for (i, layer) in layers.enumerated() {
            let p = "encoder.layer.\(i)."
            let q = try take(p + "attention.self.query.weight", [h, h]), k = try take(p + "attention.self.key.weight", [h, h])
            let v = try take(p + "attention.self.value.weight", [h, h])
            let qb = try take(p + "attention.self.query.bias", [h]), kb = try take(p + "attention.self.key.bias", [h])
            let vb = try take(p + "attention.self.value.bias", [h])
            copies.append((layer.selfAttn.inProjWeight, try withNoGrad { try Tensor.concat([q, k, v], axis: 0) }))
            copies.append((layer.selfAttn.inProjBias!, try withNoGrad { try Tensor.concat([qb, kb, vb], axis: 0) }))
            copies.append((layer.selfAttn.outProj.weight, try take(p + "attention.output.dense.weight", [h, h])))
            copies.append((layer.selfAttn.outProj.bias!, try take(p + "attention.output.dense.bias", [h])))
            copies.append((layer.norm1.weight!, try take(p + "attention.output.LayerNorm.weight", [h])))
            copies.append((layer.norm1.bias!, try take(p + "attention.output.LayerNorm.bias", [h])))
            copies.append((layer.linear1.weight, try take(p + "intermediate.dense.weight", [ff, h])))
            copies.append((layer.linear1.bias!, try take(p + "intermediate.dense.bias", [ff])))
            copies.append((layer.linear2.weight, try take(p + "output.dense.weight", [h, ff])))
            copies.append((layer.linear2.bias!, try take(p + "output.dense.bias", [h])))
            copies.append((layer.norm2.weight!, try take(p + "output.LayerNorm.weight", [h])))
            copies.append((layer.norm2.bias!, try take(p + "output.LayerNorm.bias", [h])))
        }
        let ignored: Set<String> = ["embeddings.position_ids"]
        for name in byName.keys.sorted() where !used.contains(name) && !ignored.contains(name)
            && (name.hasPrefix("embeddings.") || name.hasPrefix("encoder.")) {
            throw BertError.unexpectedTensor(name: prefixed ? "bert." + name : name, path: source)
        }
        for (dst, src) in copies { try dst.assign(src) }
    }
}
