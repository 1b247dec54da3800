import TernCore
import TernISA

/// The loads, stores and atomics the engine does not finish itself: accesses
/// to devices (CLINT, the HTIF mailbox), to addresses that are not memory
/// (access faults), and atomics under address translation. Each is checked
/// piece by piece (page by page) exactly as the TLB path checks it.
extension BareMetalMachine {
    /// What emulating one instruction did.
    enum Emulation {
        case retired
        case exception(Exception)
        case exit(BareMetalOutcome)
    }

    /// Load widths and extensions by opcode: (bytes, signed, floating point).
    static let loadForms: [Opcode: (Int, Bool, Bool)] = [
        .lb: (1, true, false), .lh: (2, true, false), .lw: (4, true, false), .ld: (8, false, false),
        .lbu: (1, false, false), .lhu: (2, false, false), .lwu: (4, false, false),
        .flw: (4, false, true), .fld: (8, false, true), .flh: (2, false, true),
    ]
    /// Store widths by opcode: (bytes, floating point).
    static let storeForms: [Opcode: (Int, Bool)] = [
        .sb: (1, false), .sh: (2, false), .sw: (4, false), .sd: (8, false), .fsw: (4, true), .fsd: (8, true),
        .fsh: (2, true),
    ]

    /// Emulates the memory instruction at `pc` (which the engine stopped at).
    func emulateMemoryInstruction(at pc: UInt64) -> Emulation {
        guard let insn = decode(at: pc) else { return .exception(fetchException(at: pc)) }
        let address = hart[x: Int(insn.rs1)] &+ UInt64(bitPattern: insn.imm)
        var result: Emulation
        if let (size, signed, float) = Self.loadForms[insn.opcode] {
            switch load(address, size: size) {
            case .failure(let e): return .exception(e)
            case .success(let raw):
                if float {
                    // NaN-boxing of single and half values.
                    hart[f: Int(insn.rd)] = size == 8 ? raw : ~0 << UInt64(8 * size) | raw
                } else {
                    hart[x: Int(insn.rd)] = signed ? signExtend(raw, bytes: size) : raw
                }
                result = .retired
            }
        } else if let (size, float) = Self.storeForms[insn.opcode] {
            result = store(address, size: size, value: float ? hart[f: Int(insn.rs2)] : hart[x: Int(insn.rs2)])
        } else if insn.opcode.extension == .a {
            result = emulateAtomic(insn)
        } else {
            return .exception(Exception(.loadAccess, tval: address))
        }
        switch result {
        case .retired, .exit:  // a tohost store that ends the run retires too
            hart.pc = pc &+ UInt64(insn.length)
            retired += 1
        case .exception: break
        }
        return result
    }

    /// Reads `size` bytes at virtual `address` with the data privilege.
    func load(_ address: UInt64, size: Int) -> Result<UInt64, Exception> {
        var value: UInt64 = 0, shift: UInt64 = 0
        for piece in pieces(address, size: size) {
            switch check(piece.address, size: piece.size, .load, privilege: state.dataPrivilege, breakpoints: dataBreakpoints) {
            case .failure(let e): return .failure(e)
            case .success(let physical):
                let part: UInt64
                switch target(physical, size: piece.size, write: false) {
                case .ram(let p):
                    part = (0 ..< piece.size).reduce(0) { $0 | UInt64(p.load(fromByteOffset: $1, as: UInt8.self)) << (8 * UInt64($1)) }
                case .clint: part = CLINT.load(state, physical, size: piece.size, retired: retired)
                case .htif, .none: return .failure(Exception(.loadAccess, tval: piece.address))
                }
                value |= part << shift
                shift += 8 * UInt64(piece.size)
            }
        }
        return .success(value)
    }

    /// Writes the low `size` bytes of `value` at virtual `address`: every piece
    /// is checked before any is written.
    func store(_ address: UInt64, size: Int, value: UInt64) -> Emulation {
        var targets: [(UInt64, Int, Target)] = []
        for piece in pieces(address, size: size) {
            switch check(piece.address, size: piece.size, .store, privilege: state.dataPrivilege, breakpoints: dataBreakpoints) {
            case .failure(let e): return .exception(e)
            case .success(let physical):
                let t = target(physical, size: piece.size, write: true)
                if case .none = t { return .exception(Exception(.storeAccess, tval: piece.address)) }
                targets.append((physical, piece.size, t))
            }
        }
        var rest = value
        var request = HTIF.Request.none
        for (physical, size, t) in targets {
            switch t {
            case .ram(let p):
                for i in 0 ..< size { p.storeBytes(of: UInt8(truncatingIfNeeded: rest >> (8 * UInt64(i))), toByteOffset: i, as: UInt8.self) }
            case .clint:
                CLINT.store(&state, physical, size: size, value: rest, retired: retired)
            case .htif:
                let bytes = (0 ..< size).map { UInt8(truncatingIfNeeded: rest >> (8 * UInt64($0))) }
                _ = bytes.withUnsafeBytes { try? machine.memory.writeInitial(physical, $0) }
                if let htif { request = htif.serve(machine.memory) }
            case .none: break
            }
            rest = size >= 8 ? 0 : rest >> (8 * UInt64(size))
        }
        switch request {
        case .none: return .retired
        case .exit(let code): return .exit(.tohost(code: code))
        case .exitSyscall(let code): return .exit(.exitSyscall(code: code))
        }
    }

    /// LR, SC and the AMOs: naturally aligned, on memory only.
    func emulateAtomic(_ insn: Instruction) -> Emulation {
        let address = hart[x: Int(insn.rs1)]
        let word = [.lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW,
                    .amominuW, .amomaxuW].contains(insn.opcode)
        let size = word ? 4 : 8
        let isLR = insn.opcode == .lrW || insn.opcode == .lrD
        if address & UInt64(size - 1) != 0 {
            return .exception(Exception(isLR ? .misalignedLoad : .misalignedStore, tval: address))
        }
        let h = hart.state
        if insn.opcode == .scW || insn.opcode == .scD {
            let reserved = h.pointee.resvAddr == address
            h.pointee.resvAddr = .max
            guard reserved else { hart[x: Int(insn.rd)] = 1; return .retired }
        }
        let access: AccessType = isLR ? .load : .store
        let p: UnsafeMutableRawPointer
        switch check(address, size: size, access, privilege: state.dataPrivilege, breakpoints: dataBreakpoints) {
        case .failure(let e): return .exception(e)
        case .success(let physical):
            guard case .ram(let q) = target(physical, size: size, write: !isLR) else {
                return .exception(Exception(access.accessFault, tval: address))
            }
            p = q
        }
        let old = word ? signExtend(UInt64(p.load(as: UInt32.self)), bytes: 4) : p.load(as: UInt64.self)
        func put(_ v: UInt64) {
            if word { p.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self) } else { p.storeBytes(of: v, as: UInt64.self) }
        }
        let source = hart[x: Int(insn.rs2)]
        let operand = word ? signExtend(source & 0xffff_ffff, bytes: 4) : source
        switch insn.opcode {
        case .lrW, .lrD:
            h.pointee.resvAddr = address
            h.pointee.resvValue = old
            hart[x: Int(insn.rd)] = old
            return .retired
        case .scW, .scD:
            let mask: UInt64 = word ? 0xffff_ffff : .max
            let ok = old & mask == h.pointee.resvValue & mask
            if ok { put(source) }
            hart[x: Int(insn.rd)] = ok ? 0 : 1
            return .retired
        default: break
        }
        let new: UInt64
        switch insn.opcode {
        case .amoswapW, .amoswapD: new = operand
        case .amoaddW, .amoaddD: new = old &+ operand
        case .amoxorW, .amoxorD: new = old ^ operand
        case .amoandW, .amoandD: new = old & operand
        case .amoorW, .amoorD: new = old | operand
        case .amominW, .amominD: new = Int64(bitPattern: old) < Int64(bitPattern: operand) ? old : operand
        case .amomaxW, .amomaxD: new = Int64(bitPattern: old) > Int64(bitPattern: operand) ? old : operand
        case .amominuW, .amominuD: new = old < operand ? old : operand
        default: new = old > operand ? old : operand  // amomaxu
        }
        put(new)
        hart[x: Int(insn.rd)] = old
        return .retired
    }

    private func signExtend(_ v: UInt64, bytes: Int) -> UInt64 {
        bytes >= 8 ? v : UInt64(bitPattern: Int64(bitPattern: v << (64 - 8 * UInt64(bytes))) >> (64 - 8 * UInt64(bytes)))
    }
}
