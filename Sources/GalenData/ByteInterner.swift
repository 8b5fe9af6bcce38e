import Foundation

/// Maps byte strings to dense integer codes (0, 1, 2... in order of first appearance) without creating a String
/// per value: keys live in one byte arena, looked up through an open-addressing hash table.
final class ByteInterner {
    private var arena: [UInt8] = []
    private var offsets: [Int] = []     // start of level k in arena; offsets[k+1] its end
    private var hashes: [UInt64] = []
    private var slots: [Int32]          // code + 1, 0 = empty
    private var mask: Int

    init() {
        slots = [Int32](repeating: 0, count: 64)
        mask = 63
        offsets = [0]
    }

    /// Number of distinct keys seen.
    var count: Int { hashes.count }

    @inline(__always) private static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x0000_0100_0000_01B3 }
        return h ^ (h >> 29)
    }

    /// The code of `bytes`, adding it when new.
    func code(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = ByteInterner.hash(bytes)
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = slots[s]
            if e == 0 { break }
            let k = Int(e - 1)
            if hashes[k] == h {
                let start = offsets[k], len = offsets[k + 1] - start
                if len == bytes.count && arena.withUnsafeBufferPointer({ a in
                    bytes.count == 0 || memcmp(a.baseAddress! + start, bytes.baseAddress!, len) == 0
                }) { return Int32(k) }
            }
            s = (s + 1) & mask
        }
        let k = hashes.count
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        hashes.append(h)
        slots[s] = Int32(k + 1)
        if hashes.count * 2 > slots.count { grow() }
        return Int32(k)
    }

    private func grow() {
        let n = slots.count * 2
        slots = [Int32](repeating: 0, count: n)
        mask = n - 1
        for (k, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(k + 1)
        }
    }

    /// The keys as Strings, in code order (bytes must be valid UTF-8; invalid sequences are repaired).
    func strings() -> [String] {
        (0..<count).map { k in String(decoding: arena[offsets[k]..<offsets[k + 1]], as: UTF8.self) }
    }
}
