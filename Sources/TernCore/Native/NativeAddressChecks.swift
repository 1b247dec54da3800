/// The guest memory range checks a native block can leave out.
///
/// A guest access at x[rs1] + imm is checked (`x[rs1] + imm < 2^38`, the
/// exact check the threaded handlers make) the first time its base register
/// is used; from then on, while the block (or region) has not written that
/// register other than by adding a constant, a later access through it at an
/// offset within `reach` of the checked one lands inside the host
/// reservation (`GuestMemory.guardSize` inaccessible bytes on each side of
/// the space) and needs no check: a bad address there faults through the
/// fault guard like any unmapped page, at the exact guest address (host
/// address − base, modulo 2^64). The compiler records, per guest register,
/// the offset `k` such that x[r] + k was checked; the facts are straight-line
/// ones (a block's code has no internal join but the loop head, where they
/// start empty).
struct NativeAddressChecks {
    /// Largest distance between a checked address and an unchecked access
    /// of the same base register (its bytes included) that stays in the guard.
    static let reach: Int64 = Int64(GuestMemory.guardSize) - 4096

    /// Per guest register: x[r] + offsets[r] was checked (nil: not checked).
    private var offsets = [Int64?](repeating: nil, count: 32)

    /// Whether an access at x[r] + disp needs no check.
    func covers(_ r: UInt8, disp: Int64) -> Bool {
        guard r != 0, r < 32, let k = offsets[Int(r)] else { return false }
        return abs(disp - k) <= Self.reach
    }

    /// Notes that x[r] + disp was checked.
    mutating func checked(_ r: UInt8, disp: Int64) {
        if r != 0, r < 32 { offsets[Int(r)] = disp }
    }

    /// Notes that x[rd] = x[rs] + imm was written (a move when imm is 0, an
    /// unknown value when imm is nil): rd keeps rs's fact, shifted.
    mutating func derived(_ rd: UInt8, from rs: UInt8, adding imm: Int64?) {
        guard rd != 0, rd < 32 else { return }
        let k = rs < 32 && rs != 0 ? offsets[Int(rs)] : nil
        guard let k, let imm, abs(k) <= 1 << 40, abs(imm) <= 1 << 40 else {
            offsets[Int(rd)] = nil
            return
        }
        offsets[Int(rd)] = k - imm
    }

    /// Notes that x[r] was written with an unknown value.
    mutating func written(_ r: UInt8) {
        if r < 32 { offsets[Int(r)] = nil }
    }

    /// Forgets every fact (after a call that may write any register).
    mutating func clear() {
        for i in offsets.indices { offsets[i] = nil }
    }
}
