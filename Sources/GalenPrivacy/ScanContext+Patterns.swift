extension ScanContext {
    /// File extensions of photographs and videos, which may show a face (`IMG_4471.HEIC`, `gait_0116.mp4`,
    /// `SS_001-024.dcm`).
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "heic", "heif", "tif", "tiff", "bmp", "gif", "webp",
                                               "dcm", "mp4", "mov", "avi", "m4v", "webm", "mkv", "wmv"]

    /// File extensions of fingerprint images and records (WSQ, and the ANSI/NIST transaction files `.eft`, `.ebts`,
    /// `.an2`).
    static let biometricExtensions: Set<String> = ["wsq", "eft", "ebts", "an2"]

    @inline(__always) private func isEmailByte(_ c: UInt8) -> Bool {
        TextToken.isWordByte(c) || c == 0x2E || c == 0x5F || c == 0x25 || c == 0x2B || c == 0x2D
    }

    /// Email addresses (`name@host.tld`), URLs (`http://`, `https://`, `www.`, bare `host.org/path`) and file names
    /// of fingerprints (`.wsq`, `.eft`; biometric), of photographs (`.jpg`, `.png`, `.heic`), of scanned documents (`card_scan_0412.pdf`) and of photograph archives
    /// (`TBP_smith_baseline.zip`).
    mutating func matchWebAndFiles() {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c == 0x40, i > 0 {  // @
                var s = i, e = i + 1
                while s > 0, isEmailByte(b[s - 1]) { s -= 1 }
                var dot = false
                while e < n, isEmailByte(b[e]) { if b[e] == 0x2E { dot = true }; e += 1 }
                while e > i + 1, b[e - 1] == 0x2E || b[e - 1] == 0x2D { e -= 1 }
                if s < i, dot { add(.email, bytes: s, e); i = e; continue }
            }
            if c == 0x2B, i + 1 < n, b[i + 1] >= 0x31 && b[i + 1] <= 0x39, i == 0 || !TextToken.isWordByte(b[i - 1]),
               let e = internationalPhoneEnd(from: i) {
                let k = token(startingAt: i)
                add(k.map { faxNearby($0) } == true ? .fax : .phone, bytes: i, e)
                i = e
                continue
            }
            if isHexByte(c), i == 0 || !TextToken.isWordByte(b[i - 1]) && b[i - 1] != 0x3A && b[i - 1] != 0x2D, let e = macEnd(from: i) {
                add(.device, bytes: i, e)
                i = e
                continue
            }
            if c == 0x28, let e = gs1End(from: i) {
                add(.device, bytes: i, e)
                i = e
                continue
            }
            if isHexByte(c) || c == 0x3A, i == 0 || !TextToken.isWordByte(b[i - 1]) && b[i - 1] != 0x3A, let e = ipv6End(from: i) {
                add(.ip, bytes: i, e)
                i = e
                continue
            }
            if (c == 0x68 || c == 0x48 || c == 0x77 || c == 0x57), i == 0 || !TextToken.isWordByte(b[i - 1]) {
                if hasPrefix(i, "http://") || hasPrefix(i, "https://") || hasPrefix(i, "www.") {
                    var e = i
                    while e < n, b[e] > 0x20, b[e] != 0x22, b[e] != 0x3C, b[e] != 0x3E { e += 1 }
                    while e > i, [0x2E, 0x2C, 0x3B, 0x3A, 0x29, 0x27].contains(b[e - 1]) { e -= 1 }
                    add(.url, bytes: i, e)
                    i = e
                    continue
                }
            }
            i += 1
        }
        // Bare domains and image file names, token based.
        for k in t.indices where t[k].isWord && !claimed[k] {
            guard k + 2 < t.count, isPunct(k + 1, 0x2E), adjacent(k), adjacent(k + 1) else { continue }
            let ext = lower(k + 2)
            // Fingerprint images and records (`fp_10440917_Rindex.wsq`, `tenprint_0412.eft`): biometric.
            if ScanContext.biometricExtensions.contains(ext) {
                var s = k
                while s > 0, !t[s].spaceBefore, t[s - 1].isWord || isPunct(s - 1, 0x5F) || isPunct(s - 1, 0x2D) { s -= 1 }
                add(.biometric, tokens: s, k + 2)
                continue
            }
            if ScanContext.imageExtensions.contains(ext) || ext == "pdf" || ext == "zip" {
                var s = k
                while s > 0, !t[s].spaceBefore, t[s - 1].isWord || isPunct(s - 1, 0x5F) || isPunct(s - 1, 0x2D) { s -= 1 }
                // A PDF counts when it is a scan (`card_scan_20261115.pdf`, `obit_scan_smith.pdf`), not a form
                // (`consent.pdf`).
                // An archive counts when its name says photographs (`TBP_smith_baseline.zip`, `photos_0412.zip`).
                // So does a PDF of a scanned card (`mazur_t_ssacard.pdf`) or one named after `scan`/`photo` words
                // just before it (`Card scan filed as mazur_t.pdf`).
                if ext == "pdf" || ext == "zip", !(s...k).contains(where: {
                    ["scan", "scanned", "photo", "img", "image", "picture", "photos", "images", "tbp", "selfie", "face"].contains(lower($0))
                        || ext == "pdf" && t[$0].isWord && t[$0].length > 4 && lower($0).hasSuffix("card")
                }), !(ext == "pdf" && scanWordBefore(s)) {
                    continue
                }
                add(.photo, tokens: s, k + 2)
            } else if ["com", "org", "net", "edu", "gov", "io", "info", "health"].contains(ext), t[k].digits == 0 || t[k].length > 3 {
                var e = k + 2
                while e + 1 < t.count, adjacent(e), !isPunct(e + 1, 0x2C), !isPunct(e + 1, 0x29),
                      !(isPunct(e + 1, 0x2E) && (e + 2 >= t.count || !adjacent(e + 1))) { e += 1 }
                var s = k
                while s >= 2, !t[s].spaceBefore, isPunct(s - 1, 0x2E), t[s - 2].isWord { s -= 2 }
                add(.url, tokens: s, e)
            }
        }
    }

    /// Whether a scan or photo word (`scan`, `scanned`, `photo`, `image`) is among the four words before token `s`
    /// on its line (`Card scan filed as X.pdf`).
    private func scanWordBefore(_ s: Int) -> Bool {
        var k = s - 1, steps = 0
        while k >= 0, steps < 5 {
            if isOneOf(k, ["scan", "scanned", "photo", "photograph", "image", "picture", "photocopy"]) { return true }
            if t[k].lineBefore { return false }
            k -= 1
            steps += 1
        }
        return false
    }

    @inline(__always) private func isHexByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66)
    }

    /// The end of a MAC address starting at byte `i`: six pairs of hex digits joined by `:` or by `-`
    /// (`00:1B:44:11:3A:B7`, `00-1B-44-11-3A-B7`), not followed by another hex digit or separator.
    func macEnd(from i: Int) -> Int? {
        guard i + 17 <= b.count else { return nil }
        let sep = b[i + 2]
        guard sep == 0x3A || sep == 0x2D else { return nil }
        for g in 0..<6 {
            let p = i + 3 * g
            guard isHexByte(b[p]), isHexByte(b[p + 1]) else { return nil }
            if g < 5, b[p + 2] != sep { return nil }
        }
        let e = i + 17
        if e < b.count, isHexByte(b[e]) || b[e] == sep && e + 1 < b.count && isHexByte(b[e + 1]) { return nil }
        return e
    }

    /// The end of a GS1 barcode string as printed on device labels (UDI): two or more `(NN)` application
    /// identifiers each followed by digits or capitals (`(01)08717648232354(17)271130(10)2107441`).
    func gs1End(from i: Int) -> Int? {
        var k = i, groups = 0
        while k + 4 < b.count, b[k] == 0x28, b[k + 1] >= 0x30 && b[k + 1] <= 0x39, b[k + 2] >= 0x30 && b[k + 2] <= 0x39 {
            var p = k + 3
            if p < b.count, b[p] >= 0x30 && b[p] <= 0x39 { p += 1 }  // 3-digit identifiers
            guard p < b.count, b[p] == 0x29 else { break }
            p += 1
            let s = p
            while p < b.count, (b[p] >= 0x30 && b[p] <= 0x39) || (b[p] >= 0x41 && b[p] <= 0x5A) { p += 1 }
            guard p - s >= 2 else { break }
            groups += 1
            k = p
        }
        return groups >= 2 ? k : nil
    }

    /// The end of an international phone number starting at the `+` at byte `i` (`+44 20 7946 0958`,
    /// `+33 1 42 68 53 00`, `+49 (0)30 123456`, `+81-3-1234-5678`): a country code of 1–3 digits, then digit groups
    /// joined by single spaces, `-`, `.` or brackets, 8–15 digits in all.
    func internationalPhoneEnd(from i: Int) -> Int? {
        var k = i + 1, digits = 0, code = 0, inCode = true, end = i
        let n = b.count
        while k < n {
            let c = b[k]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
                if inCode { code += 1 }
                end = k + 1
            } else if c == 0x20 || c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29 {
                inCode = false
                // One separator (a bracket may sit next to a space): stop at two spaces, a sentence end, a line end.
                if c == 0x20, k + 1 < n, !(b[k + 1] >= 0x30 && b[k + 1] <= 0x39) && b[k + 1] != 0x28 { break }
                if c == 0x2E, k + 1 < n, !(b[k + 1] >= 0x30 && b[k + 1] <= 0x39) { break }
            } else { break }
            if digits > 15 { return nil }
            k += 1
        }
        guard code >= 1, code <= 3, digits >= 8, digits <= 15 else { return nil }
        if end < n, TextToken.isWordByte(b[end]) { return nil }
        return end
    }

    /// The end of an IPv6 address starting at byte `i` (`2001:db8::8a2e:370:7334`, `fe80::1ff:fe23:4567:890a`, full
    /// eight-group form): groups of 1–4 hex digits joined by `:`, either with one `::` and at least three groups, or
    /// exactly eight groups; not followed by a letter or digit. Times (`12:30:45`) have neither form.
    func ipv6End(from i: Int) -> Int? {
        var k = i, groups = 0, doubleColons = 0, groupLength = 0
        let n = b.count
        while k < n {
            let c = b[k]
            if isHexByte(c) {
                groupLength += 1
                if groupLength > 4 { return nil }
            } else if c == 0x3A {
                if groupLength > 0 { groups += 1 } else if k > i, b[k - 1] == 0x3A { doubleColons += 1 } else if k + 1 < n, b[k + 1] == 0x3A, k == i { } else { break }
                groupLength = 0
                if k + 1 >= n || !(isHexByte(b[k + 1]) || b[k + 1] == 0x3A) {
                    if k > i, b[k - 1] == 0x3A { k += 1 }  // trailing "::"
                    break
                }
            } else { break }
            k += 1
        }
        if groupLength > 0 { groups += 1 }
        guard k >= n || !TextToken.isWordByte(b[k]) else { return nil }
        var end = k
        while end > i, b[end - 1] == 0x3A, !(end - 2 >= i && b[end - 2] == 0x3A) { end -= 1 }
        if doubleColons == 1 && groups >= 3 || doubleColons == 0 && groups == 8 { return end }
        return nil
    }

    private func hasPrefix(_ i: Int, _ p: StaticString) -> Bool {
        let n = p.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        let q = p.utf8Start
        for k in 0..<n where (b[i + k] | (q[k] >= 0x61 ? 0x20 : 0)) != q[k] { return false }
        return true
    }

    /// IPv4 addresses (four parts 0–255).
    mutating func matchIP(at i: Int) -> Bool {
        guard i + 6 < t.count, !claimed[i] else { return false }
        for k in 0..<4 {
            guard let v = intValue(i + 2 * k), v <= 255, t[i + 2 * k].length <= 3 else { return false }
            if k < 3 { guard isPunct(i + 2 * k + 1, 0x2E), adjacent(i + 2 * k), adjacent(i + 2 * k + 1) else { return false } }
        }
        add(.ip, tokens: i, i + 6)
        return true
    }

    /// A run of digit groups starting at token `i`: groups joined by `-`, `.`, one space, or in `(555) 123-4567`
    /// form. Returns the last token and the group lengths.
    func digitGroups(at i: Int) -> (last: Int, groups: [Int], separators: [UInt8])? {
        var groups: [Int] = [], seps: [UInt8] = []
        var k = i
        // "646 - 720 - 3318": a phone number written with spaced hyphens (only in this 3-3-4 shape, so that ranges
        // such as "150 - 400" stay numbers).
        if t[i].isNumber, t[i].length == 3, i + 4 < t.count, isPunct(i + 1, 0x2D), isPunct(i + 3, 0x2D),
           t[i + 2].isNumber, t[i + 2].length == 3, t[i + 4].isNumber, t[i + 4].length == 4,
           !(i + 1...i + 4).contains(where: { t[$0].lineBefore }), t[i + 1].spaceBefore, t[i + 2].spaceBefore, t[i + 3].spaceBefore,
           t[i + 4].spaceBefore, i + 5 >= t.count || !isPunct(i + 5, 0x2D) {
            return (i + 4, [3, 3, 4], [0x2D, 0x2D])
        }
        // "1 (800) 523-0023": a trunk prefix before a bracketed area code.
        if isWord(i, "1"), i + 4 < t.count, isPunct(i + 1, 0x28), t[i + 1].spaceBefore, !t[i + 1].lineBefore,
           t[i + 2].isNumber, t[i + 2].length == 3, isPunct(i + 3, 0x29), t[i + 4].isNumber, t[i + 4].length == 3 {
            groups = [1, 3]
            seps = [0x20, 0x29]
            k = i + 4
        } else if isPunct(i, 0x28), i + 2 < t.count, t[i + 1].isNumber, t[i + 1].length == 3, isPunct(i + 2, 0x29) {
            groups.append(3)
            seps.append(0x29)
            k = i + 3
            guard k < t.count, t[k].isNumber else { return nil }
        }
        guard t[k].isNumber else { return nil }
        groups.append(t[k].length)
        var last = k
        while groups.count < 6 {
            let next = last + 1
            if next + 1 < t.count, !t[next].isWord, adjacent(last), adjacent(next), t[next + 1].isNumber,
               [0x2D, 0x2E, 0x2F].contains(b[t[next].start]) {
                seps.append(b[t[next].start])
                groups.append(t[next + 1].length)
                last = next + 1
            } else if next + 1 < t.count, isPunct(next, 0x2D), adjacent(last), t[next + 1].isNumber, t[next + 1].lineBefore,
                      t[next + 1].start - t[next].end == 1 {
                // "168-40-⏎7713": a number wrapped after its hyphen.
                seps.append(0x2D)
                groups.append(t[next + 1].length)
                last = next + 1
            } else if next < t.count, t[next].isNumber, t[next].spaceBefore, !t[next].lineBefore,
                      t[next].start - t[last].end == 1, t[next].length >= 2,
                      groups.last! >= 2 || (groups.count == 1 && i > 0 && isPunct(i - 1, 0x2B)) {
                seps.append(0x20)
                groups.append(t[next].length)
                last = next
            } else if next < t.count, t[next].isNumber, t[next].length == 1, t[next].spaceBefore, !t[next].lineBefore,
                      t[next].start - t[last].end == 1, groups.reduce(0, +) == 14,
                      isOneOf(i - 1, ["imei"]) || isOneOf(i - 2, ["imei"])
                        || Checksums.luhn((i...next).flatMap { t[$0].isNumber ? digitValues($0) : [] }) {
                // "35 882610 441723 8": an IMEI's check digit written apart (15 digits, after `IMEI` or Luhn-valid).
                seps.append(0x20)
                groups.append(1)
                last = next
                break
            } else { break }
        }
        return (last, groups, seps)
    }
}
