/// Framing of gdb's remote serial protocol: `$payload#checksum`, `+`/`-`
/// acknowledgements, the interrupt byte 0x03, and the `}` escape of binary data.
enum RemotePacket {
    /// The modulo-256 sum of the payload bytes.
    static func checksum<S: Sequence>(_ bytes: S) -> UInt8 where S.Element == UInt8 {
        bytes.reduce(0) { $0 &+ $1 }
    }

    /// `$payload#cs`, with `$`, `#`, `}` and `*` escaped (gdb never mistakes
    /// escaped binary data for framing or run-length encoding).
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(payload.count + 4)
        for b in payload {
            if b == UInt8(ascii: "$") || b == UInt8(ascii: "#") || b == UInt8(ascii: "}") || b == UInt8(ascii: "*") {
                body.append(UInt8(ascii: "}"))
                body.append(b ^ 0x20)
            } else {
                body.append(b)
            }
        }
        return [UInt8(ascii: "$")] + body + [UInt8(ascii: "#")] + Array(Hex.byte(checksum(body)).utf8)
    }

    /// Undoes the `}` escape of binary data (`X` packets).
    static func unescape<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        var escaped = false
        for b in bytes {
            if escaped { out.append(b ^ 0x20); escaped = false } else if b == UInt8(ascii: "}") { escaped = true } else { out.append(b) }
        }
        return out
    }
}

/// What arrives from gdb.
enum RemoteInput: Equatable {
    /// A packet with a good checksum (its payload, run-length encoding expanded).
    case packet([UInt8])
    /// A packet whose checksum did not match (answered with `-`).
    case corrupt
    /// The interrupt byte (Ctrl-C).
    case interrupt
    /// `+` or `-` for a packet we sent.
    case ack(Bool)
}

/// Splits the byte stream from gdb into inputs.
struct RemoteReader {
    private var buffer: [UInt8] = []

    mutating func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 { buffer.append(contentsOf: bytes) }

    /// The next complete input, or nil until more bytes arrive.
    mutating func next() -> RemoteInput? {
        while let first = buffer.first {
            switch first {
            case 0x03: buffer.removeFirst(); return .interrupt
            case UInt8(ascii: "+"): buffer.removeFirst(); return .ack(true)
            case UInt8(ascii: "-"): buffer.removeFirst(); return .ack(false)
            case UInt8(ascii: "$"):
                guard let hash = buffer.firstIndex(of: UInt8(ascii: "#")), hash + 2 < buffer.count else { return nil }
                let body = Array(buffer[1 ..< hash])
                let sent = Hex.value(buffer[hash + 1 ... hash + 2])
                buffer.removeFirst(hash + 3)
                guard let sent, sent == UInt64(RemotePacket.checksum(body)) else { return .corrupt }
                return .packet(Self.expandRunLength(body))
            default: buffer.removeFirst()  // noise between packets
            }
        }
        return nil
    }

    /// `x*n`: the byte x repeated (n - 29) more times (gdb may compress what it sends).
    static func expandRunLength(_ body: [UInt8]) -> [UInt8] {
        guard body.contains(UInt8(ascii: "*")) else { return body }
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            if body[i] == UInt8(ascii: "*"), let last = out.last, i + 1 < body.count {
                out.append(contentsOf: repeatElement(last, count: max(0, Int(body[i + 1]) - 29)))
                i += 2
            } else {
                out.append(body[i])
                i += 1
            }
        }
        return out
    }
}

/// Hexadecimal as the protocol writes it (lower case, little-endian register bytes).
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func byte(_ b: UInt8) -> String {
        String(decoding: [digits[Int(b >> 4)], digits[Int(b & 15)]], as: UTF8.self)
    }

    /// Bytes as a hex string.
    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Text as hex (qRcmd output, thread names in replies).
    static func encode(text: String) -> String { encode(Array(text.utf8)) }

    /// A hex number (at most 16 digits); nil when empty or not hex.
    static func value<C: Collection>(_ chars: C) -> UInt64? where C.Element == UInt8 {
        guard !chars.isEmpty, chars.count <= 16 else { return nil }
        var v: UInt64 = 0
        for c in chars {
            guard let d = digit(c) else { return nil }
            v = v << 4 | UInt64(d)
        }
        return v
    }

    static func value(_ s: Substring) -> UInt64? { value(Array(s.utf8)) }

    /// Bytes from a hex string; nil when malformed.
    static func decode(_ s: Substring) -> [UInt8]? {
        let chars = Array(s.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = digit(chars[i]), let lo = digit(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func digit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
