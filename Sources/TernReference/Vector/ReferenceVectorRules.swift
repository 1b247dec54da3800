/// The register-group constraints of V spec 5.2 and 5.3 as the reference
/// checks them. Where the specification calls an encoding reserved but
/// qemu-riscv64 (the golden model) executes it anyway, the reference executes
/// it too, so that such programs do not diverge; those places say so.
enum ReferenceVectorRules {
    /// Registers a group of EMUL = 2^emulLog occupies (fractional groups: one).
    static func size(_ emulLog: Int) -> Int { emulLog <= 0 ? 1 : 1 << emulLog }

    /// A group's first register is a multiple of its size (5.3).
    static func aligned(_ reg: Int, _ emulLog: Int) -> Bool { reg % size(emulLog) == 0 }

    static func overlap(_ a: Int, _ aCount: Int, _ b: Int, _ bCount: Int) -> Bool { a < b + bCount && b < a + aCount }

    /// Whether destination group `dst` (EEW `dstBits`, EMUL 2^dstLog) may share
    /// registers with source group `src` (5.2): never when the EEWs differ, except
    /// a narrower destination in the lowest-numbered part of the source, or a wider
    /// destination whose highest-numbered part is a source of EMUL ≥ 1.
    static func mayOverlap(dst: Int, dstBits: Int, dstLog: Int, src: Int, srcBits: Int, srcLog: Int) -> Bool {
        let dn = size(dstLog), sn = size(srcLog)
        if !overlap(dst, dn, src, sn) || dstBits == srcBits { return true }
        if dstBits < srcBits { return dst == src }
        return srcLog >= 0 && src == dst + dn - sn
    }

    /// When masked (vm = 0), no source of EEW ≠ 1 may be v0, and two sources of
    /// different EEW may not share a register (5.2: a register supplies one EEW
    /// per instruction; v0 as the mask has EEW 1). Sources: (register, EMUL log, EEW bits).
    static func inputsLegal(vm: Bool, _ sources: [(reg: Int, log: Int, bits: Int)]) -> Bool {
        if !vm, sources.contains(where: { $0.reg == 0 }) { return false }
        for (k, a) in sources.enumerated() {
            for b in sources[(k + 1)...] where a.bits != b.bits && overlap(a.reg, size(a.log), b.reg, size(b.log)) {
                return false
            }
        }
        return true
    }
}
