/// The V extension's architectural state as the reference interpreter keeps it:
/// 32 registers of `vlenb` bytes in one little-endian byte array, and the vector
/// CSRs. `vlenb == 0` means the CPU has no V (vector instructions and CSRs are illegal).
public struct ReferenceVectorState: Sendable, Equatable {
    /// VLEN / 8 (0: no V).
    public var vlenb: Int {
        didSet { registers = [UInt8](repeating: 0, count: 32 * vlenb) }
    }
    /// The extension names (`v`, `zvbb`, ...) whose rows this CPU executes.
    public var extensions: Set<String>
    /// v0…v31, register n at byte n·vlenb.
    public var registers: [UInt8]
    public var vl: UInt64 = 0
    /// vtype; only its vill bit set after an unsupported configuration.
    public var vtype: UInt64 = ReferenceVectorState.vill
    public var vstart: UInt64 = 0
    /// Fixed-point rounding mode (2 bits) and saturation flag (1 bit).
    public var vxrm: UInt64 = 0, vxsat: UInt64 = 0

    /// vtype's vill bit (XLEN-1).
    public static let vill: UInt64 = 1 << 63

    /// A CPU with VLEN = 8·`vlenb` and the given vector extensions (vlenb 0: no V).
    public init(vlenb: Int = 0, extensions: Set<String> = []) {
        self.vlenb = vlenb
        self.extensions = extensions
        registers = [UInt8](repeating: 0, count: 32 * vlenb)
    }

    /// Element `i` (of `bytes` bytes) of the group starting at register `reg`,
    /// zero-extended; 0 outside the register file.
    func element(_ reg: Int, _ i: Int, _ bytes: Int) -> UInt64 {
        let at = reg * vlenb + i * bytes
        guard at >= 0, at + bytes <= registers.count else { return 0 }
        var v: UInt64 = 0
        for k in 0..<bytes { v |= UInt64(registers[at + k]) << UInt64(8 * k) }
        return v
    }

    /// Sets element `i` of the group at `reg` to the low `bytes` bytes of `value`.
    mutating func setElement(_ reg: Int, _ i: Int, _ bytes: Int, _ value: UInt64) {
        let at = reg * vlenb + i * bytes
        guard at >= 0, at + bytes <= registers.count else { return }
        for k in 0..<bytes { registers[at + k] = UInt8(truncatingIfNeeded: value >> UInt64(8 * k)) }
    }

    /// Bit `i` of mask register `reg`.
    func maskBit(_ reg: Int, _ i: Int) -> Bool {
        guard i >= 0, i < vlenb * 8 else { return false }
        return registers[reg * vlenb + i / 8] >> UInt8(i % 8) & 1 == 1
    }

    /// Sets bit `i` of mask register `reg`.
    mutating func setMaskBit(_ reg: Int, _ i: Int, _ bit: Bool) {
        guard i >= 0, i < vlenb * 8 else { return }
        let at = reg * vlenb + i / 8
        if bit { registers[at] |= 1 << UInt8(i % 8) } else { registers[at] &= ~(1 << UInt8(i % 8)) }
    }
}

/// A decoded vtype (V spec 3.4).
struct ReferenceVType {
    /// SEW in bytes.
    let sewBytes: Int
    /// log2(LMUL): -3 (1/8) … 3 (8).
    let lmulLog: Int
    /// Tail and mask agnostic.
    let ta: Bool, ma: Bool

    var sew: Int { sewBytes * 8 }

    /// Nil when vtype has vill set.
    init?(_ vtype: UInt64) {
        guard vtype & ReferenceVectorState.vill == 0 else { return nil }
        sewBytes = 1 << Int((vtype >> 3) & 7)
        let field = Int(vtype & 7)
        lmulLog = field >= 4 ? field - 8 : field
        ta = vtype & 0x40 != 0
        ma = vtype & 0x80 != 0
    }

    /// VLMAX = LMUL · VLEN / SEW.
    func vlmax(vlenb: Int) -> Int { elements(bytes: sewBytes, emulLog: lmulLog, vlenb: vlenb) }

    /// The elements of `bytes` a group of EMUL = 2^emulLog holds.
    func elements(bytes: Int, emulLog: Int, vlenb: Int) -> Int {
        emulLog >= 0 ? (vlenb / bytes) << emulLog : (vlenb / bytes) >> -emulLog
    }
}
