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
/// start with `loopEntryChecks`' facts, made at the chain entry).
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

extension NativeAddressChecks {
    /// The range checks a block that branches to itself makes once, at its
    /// chain entry, instead of in every iteration. For each base register the
    /// loop writes only by adding constants (`addi r, r, c`, D per iteration
    /// in all, |D| within `reach`): the offset k of the address x[r] + k one
    /// iteration before its first access at x[r] + K (k = K - D, x[r] at the
    /// loop head). Checked at the entry, x[r] + k is a checked fact at the
    /// loop head of every iteration: of the first by that check, of each later
    /// one because it is the previous iteration's first access through r,
    /// which completed (so lay in the guest space) or faulted and ended the
    /// loop. `access(i)`: op i's base register and offset if it accesses
    /// memory; `selfAdd(i)`: its register and constant if op i is
    /// `addi r, r, c`; `writes(i)`: the register it writes otherwise (0: none).
    static func loopEntryChecks(_ count: Int, access: (Int) -> (base: UInt8, disp: Int64)?,
                                selfAdd: (Int) -> (register: UInt8, imm: Int64)?,
                                writes: (Int) -> UInt8) -> [(register: UInt8, offset: Int64)] {
        var step = [Int64](repeating: 0, count: 32)
        var first = [Int64?](repeating: nil, count: 32)
        var written: UInt32 = 0
        for i in 0..<count {
            if let (b, d) = access(i), b < 32, first[Int(b)] == nil { first[Int(b)] = step[Int(b)] + d }
            if let (r, c) = selfAdd(i), r < 32 {
                step[Int(r)] += c
            } else if writes(i) < 32 {
                written |= 1 << writes(i)
            }
        }
        return (1..<32).compactMap { r in
            guard written & 1 << r == 0, let k = first[r], abs(step[r]) <= reach, abs(k - step[r]) < 1 << 30 else { return nil }
            return (UInt8(r), k - step[r])
        }
    }
}
