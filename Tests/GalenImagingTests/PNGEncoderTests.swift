import Foundation
import GalenImaging
import Testing
import ZIPFoundation

@Suite struct PNGEncoderTests {
    @Test func writesAValidPNGWhoseDataInflatesToTheScanlines() throws {
        let pixels: [UInt8] = [0, 50, 100, 150, 200, 250]   // 3×2 grey
        let png = try PNGEncoder.encode(pixels, width: 3, height: 2, channels: 1)
        let b = [UInt8](png)
        #expect(Array(b[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: b[12..<16], as: UTF8.self) == "IHDR")
        #expect(Array(b[16..<24]) == [0, 0, 0, 3, 0, 0, 0, 2])
        #expect(b[24] == 8 && b[25] == 0)
        // Every chunk's CRC is right; IDAT inflates to filter byte + row, twice.
        var offset = 8
        var idat = Data()
        while offset < b.count {
            let length = Int(b[offset]) << 24 | Int(b[offset + 1]) << 16 | Int(b[offset + 2]) << 8 | Int(b[offset + 3])
            let typed = Data(b[(offset + 4)..<(offset + 8 + length)])
            let crc = UInt32(b[offset + 8 + length]) << 24 | UInt32(b[offset + 9 + length]) << 16
                | UInt32(b[offset + 10 + length]) << 8 | UInt32(b[offset + 11 + length])
            #expect(typed.crc32(checksum: 0) == crc)
            if String(decoding: typed.prefix(4), as: UTF8.self) == "IDAT" { idat = typed.dropFirst(4) }
            offset += 12 + length
        }
        #expect(offset == b.count)
        let raw = Data(idat.dropFirst(2).dropLast(4))   // zlib header and Adler-32 around raw deflate
        var inflated = Data()
        _ = try Data.decompress(size: Int64(raw.count), bufferSize: 4096, skipCRC32: true, provider: { p, s in
            raw.subdata(in: (raw.startIndex + Int(p))..<(raw.startIndex + min(raw.count, Int(p) + s)))
        }, consumer: { inflated.append($0) })
        #expect([UInt8](inflated) == [0, 0, 50, 100, 0, 150, 200, 250])
        let uri = try PNGEncoder.dataURI(pixels, width: 3, height: 2, channels: 1)
        #expect(uri.hasPrefix("data:image/png;base64,"))
    }

    @Test func sizeMismatchIsAnError() {
        #expect(throws: ImagingError.self) { try PNGEncoder.encode([1, 2, 3], width: 2, height: 2, channels: 1) }
    }
}
