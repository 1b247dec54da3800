import TernSpec

/// What the vector floating-point rows need beyond the integer ones (V spec
/// 13.1-13.3, 16.2): the element widths a row may run at, the dynamic rounding
/// mode, and scalar operands read from the FP registers under NaN-boxing.
extension ReferenceInterpreter {
    /// Whether FP row `i` may run under vtype `t`: its `VectorFloat` widths (binary16
    /// beyond the Zvfhmin conversions only with Zvfh) and a valid frm (0…4): an invalid
    /// frm is reserved for every FP instruction, those that do not round included.
    func floatLegal(_ fp: VectorFloat, _ t: ReferenceVType) -> Bool {
        fp.legal(sew: t.sew, zvfh: vector.extensions.contains("zvfh")) && frm <= 4
    }

    /// f[r] as an operand of `bytes` bytes: a narrower value must be NaN-boxed (all
    /// upper bits ones), otherwise it reads as that width's canonical NaN.
    func floatScalar(_ r: Int, bytes: Int) -> UInt64 {
        let value = f[r]
        guard bytes < 8 else { return value }
        let upper = ~ones(bytes)
        if value & upper == upper { return value & ones(bytes) }
        return bytes == 2 ? 0x7e00 : 0x7fc0_0000
    }
}
