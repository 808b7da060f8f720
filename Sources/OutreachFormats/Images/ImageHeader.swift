/// What the first bytes of an image file say: its format and its size in pixels. Only JPEG and PNG are
/// recognised, by their content (signature and a minimal header parse), never by a name or a declared type.
public struct ImageHeader: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable {
        case jpeg, png

        /// The media type to serve it with.
        public var contentType: String { self == .jpeg ? "image/jpeg" : "image/png" }
        /// The file extension to store it with.
        public var fileExtension: String { self == .jpeg ? "jpg" : "png" }
    }

    public var format: Format
    public var width: Int
    public var height: Int

    /// Reads the header of a JPEG or PNG; nil for anything else, or a header that is cut short or names a zero size.
    public init?(_ bytes: [UInt8]) {
        if let png = Self.png(bytes) {
            self = png
        } else if let jpeg = Self.jpeg(bytes) {
            self = jpeg
        } else {
            return nil
        }
        guard width > 0, height > 0 else { return nil }
    }

    private init(format: Format, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    private static func be32(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
    private static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }

    /// The 8-byte signature, then the IHDR chunk first: length 13, type "IHDR", width, height.
    private static func png(_ b: [UInt8]) -> ImageHeader? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard b.count >= 33, Array(b[0..<8]) == signature, be32(b, 8) == 13, Array(b[12..<16]) == Array("IHDR".utf8) else {
            return nil
        }
        return ImageHeader(format: .png, width: be32(b, 16), height: be32(b, 20))
    }

    /// SOI, then segments up to the first start-of-frame marker, which holds the height and width.
    private static func jpeg(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8, b[2] == 0xFF else { return nil }
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return nil }  // end or scan before any frame
            let length = be16(b, i + 2)
            guard length >= 2 else { return nil }
            let isFrame = (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
            if isFrame {
                guard length >= 7, i + 9 <= b.count else { return nil }
                return ImageHeader(format: .jpeg, width: be16(b, i + 7), height: be16(b, i + 5))
            }
            i += 2 + length
        }
        return nil
    }
}
