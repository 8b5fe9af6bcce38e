extension Table {
    /// 0-based indices of rows that repeat an earlier row exactly (every column equal; missing equals missing).
    public func duplicateRowIndices() -> [Int] {
        let n = rowCount
        guard n > 1 else { return [] }
        var hashes = [UInt64](repeating: 0xcbf2_9ce4_8422_2325, count: n)
        @inline(__always) func mix(_ h: inout UInt64, _ x: UInt64) {
            h = (h ^ x) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 32
        }
        hashes.withUnsafeMutableBufferPointer { hb in
            for column in columns {
                switch column.values {
                case let .numeric(v), let .boolean(v, _), let .date(v, _):
                    v.withUnsafeBufferPointer { vb in
                        for r in 0..<n {
                            let x = vb[r]
                            mix(&hb[r], x.isNaN ? 0x7FF8_0000_0000_0001 : (x == 0 ? 0 : x.bitPattern))
                        }
                    }
                case let .categorical(codes, _):
                    codes.withUnsafeBufferPointer { cb in
                        for r in 0..<n { mix(&hb[r], UInt64(bitPattern: Int64(cb[r]))) }
                    }
                }
            }
        }
        func equal(_ a: Int, _ b: Int) -> Bool {
            for column in columns {
                switch column.values {
                case let .numeric(v), let .boolean(v, _), let .date(v, _):
                    if !(v[a] == v[b] || (v[a].isNaN && v[b].isNaN)) { return false }
                case let .categorical(codes, _):
                    if codes[a] != codes[b] { return false }
                }
            }
            return true
        }
        // First row per hash; rows that share a hash without being equal (rare) are kept in `collided`.
        var firstByHash: [UInt64: Int] = [:]
        firstByHash.reserveCapacity(n)
        var collided: [UInt64: [Int]] = [:]
        var duplicates: [Int] = []
        for r in 0..<n {
            let h = hashes[r]
            guard let first = firstByHash[h] else { firstByHash[h] = r; continue }
            if equal(first, r) { duplicates.append(r); continue }
            if let others = collided[h], others.contains(where: { equal($0, r) }) {
                duplicates.append(r)
            } else {
                collided[h, default: []].append(r)
            }
        }
        return duplicates
    }

    /// The table without exact duplicate rows (the first occurrence is kept) and how many were removed.
    public func removingDuplicateRows() -> (table: Table, removed: Int) {
        let dup = duplicateRowIndices()
        guard !dup.isEmpty else { return (self, 0) }
        var drop = [Bool](repeating: false, count: rowCount)
        for r in dup { drop[r] = true }
        return (selecting(rows: (0..<rowCount).filter { !drop[$0] }), dup.count)
    }
}
