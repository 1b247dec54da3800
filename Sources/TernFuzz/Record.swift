import TernISA

/// One sequence's final state as the harness writes it.
public struct Record: Sendable, Equatable {
    /// Bytes per record: buffer, index, 32 x, 32 f, fcsr, 4 vector CSRs, v0…v31 at VLEN ≤ 512.
    public static let size = MachineState.bufferSize + 8 + 256 + 256 + 8 + 32 + vectorBytes
    /// The vector register area (32 registers of at most 64 bytes).
    public static let vectorBytes = 32 * 64

    /// The sequence's index within its batch.
    public var index: Int
    public var state: MachineState

    public init(index: Int, state: MachineState) { self.index = index; self.state = state }

    /// Parses consecutive records from a harness's stdout. A trailing partial record
    /// (a run cut short) is ignored; `complete` tells whether there was one.
    public static func parse(_ bytes: [UInt8]) -> (records: [Record], complete: Bool) {
        var out = [Record]()
        var at = 0
        func u64(_ o: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[o + $1]) << (8 * UInt64($1)) } }
        while at + size <= bytes.count {
            let buffer = Array(bytes[at..<at + MachineState.bufferSize])
            var o = at + MachineState.bufferSize
            let index = Int(truncatingIfNeeded: u64(o)); o += 8
            let x = (0..<32).map { u64(o + 8 * $0) }; o += 256
            let f = (0..<32).map { u64(o + 8 * $0) }; o += 256
            let fcsr = u64(o); o += 8
            let csrs = (0..<4).map { u64(o + 8 * $0) }; o += 32
            let v = Array(bytes[o..<o + vectorBytes])
            out.append(Record(index: index, state: MachineState(x: x, f: f, fcsr: fcsr, buffer: buffer, v: v, vectorCSRs: csrs)))
            at += size
        }
        return (out, at == bytes.count)
    }
}

/// One differing piece of state between the two runs.
public struct Difference: Sendable, Equatable, CustomStringConvertible {
    /// `x10 (a0)`, `f3 (ft3)`, `fcsr` or `buffer[0x18]`.
    public var location: String
    public var tern: UInt64, qemu: UInt64

    public var description: String {
        "\(location): tern 0x\(String(tern, radix: 16)) qemu 0x\(String(qemu, radix: 16))"
    }

    /// Every difference between two final states (buffer compared per aligned 8 bytes).
    public static func between(tern t: MachineState, qemu q: MachineState) -> [Difference] {
        var out = [Difference]()
        func word(_ b: [UInt8], _ o: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[o + $1]) << (8 * UInt64($1)) } }
        for i in 0..<32 where t.x[i] != q.x[i] {
            out.append(Difference(location: "x\(i) (\(Register.abiName(UInt8(i))))", tern: t.x[i], qemu: q.x[i]))
        }
        for i in 0..<32 where t.f[i] != q.f[i] {
            out.append(Difference(location: "f\(i) (\(Register.fpABIName(UInt8(i))))", tern: t.f[i], qemu: q.f[i]))
        }
        if t.fcsr != q.fcsr { out.append(Difference(location: "fcsr", tern: t.fcsr, qemu: q.fcsr)) }
        for (k, name) in ["vl", "vtype", "vstart", "vcsr"].enumerated()
            where k < t.vectorCSRs.count && k < q.vectorCSRs.count && t.vectorCSRs[k] != q.vectorCSRs[k] {
            out.append(Difference(location: name, tern: t.vectorCSRs[k], qemu: q.vectorCSRs[k]))
        }
        if t.v.count == q.v.count {
            for o in stride(from: 0, to: t.v.count, by: 8) where word(t.v, o) != word(q.v, o) {
                out.append(Difference(location: "v[0x\(String(o, radix: 16))]", tern: word(t.v, o), qemu: word(q.v, o)))
            }
        }
        for o in stride(from: 0, to: MachineState.bufferSize, by: 8) where word(t.buffer, o) != word(q.buffer, o) {
            out.append(Difference(location: "buffer[0x\(String(o, radix: 16))]", tern: word(t.buffer, o), qemu: word(q.buffer, o)))
        }
        return out
    }
}
