import TernISA

/// A control transfer whose offset is fixed only when the sequence is laid out.
public enum LinkKind: Sendable, Equatable {
    /// A B-type branch (`beq` … `bgeu`) from `a` and `b` to the target.
    case branch(Opcode, a: UInt8, b: UInt8)
    /// `jal rd, target`.
    case jal(rd: UInt8)
    /// `jalr rd, off(base)` where `base` holds the address of the previous item (an `auipc base, 0`).
    case jalr(rd: UInt8, base: UInt8)
    /// `addi reg, reg, off` turning the `auipc reg, 0` just before into the target address.
    case addiToTarget(reg: UInt8)
    /// Compressed `c.j target`.
    case cJ
    /// Compressed `c.beqz`/`c.bnez reg, target` (`reg` in x8…x15).
    case cBranch(notZero: Bool, reg: UInt8)
}

/// One instruction of a fuzz sequence: a complete encoding, or a link resolved at layout.
public enum FuzzItem: Sendable, Equatable {
    /// A finished 32-bit word (`length` 4) or compressed halfword (`length` 2).
    case word(UInt32, length: Int)
    /// A control transfer to the start of unit `target` (or the sequence end when
    /// `target` is past the last unit).
    case link(LinkKind, target: Int)

    /// Encoded size in bytes.
    public var length: Int {
        switch self {
        case .word(_, let length): return length
        case .link(.cJ, _), .link(.cBranch, _): return 2
        case .link: return 4
        }
    }
}

/// Instruction classes the generator draws from (each unit belongs to one).
public enum FuzzClass: String, CaseIterable, Sendable {
    case alu, aluImmediate, aluWord, upper, mulDiv, atomic, lrsc
    case fpArith, fpFused, fpConvert, fpMisc, fpMove, fpCSR
    case load, store, fpLoadStore, compressed, branch, jump, fence, loop, selfModify
    /// Zba, Zbb, Zbc, Zbs and Zicond.
    case bitManip
    /// Zimop may-be-operations and Zawrs.
    case mayBeOp
    /// Zicbom and Zicboz cache-block operations on the scratch buffer.
    case cacheBlock
    /// The V extension (and Zvbb): a vsetvli/vsetivli, operand set-up, one vector instruction.
    case vector
}

/// The smallest piece the minimizer removes: one instruction, or a few that only make
/// sense together (an address set-up and an AMO, an LR/SC pair, an `auipc` and `jalr`).
public struct FuzzUnit: Sendable, Equatable {
    /// What kind of instruction this unit exercises.
    public var fuzzClass: FuzzClass
    /// Its instructions in order; branch targets are other units' indices.
    public var items: [FuzzItem]
    public init(_ fuzzClass: FuzzClass, _ items: [FuzzItem]) { self.fuzzClass = fuzzClass; self.items = items }
}

/// The architectural state a sequence starts from (and the harness dumps at the end).
public struct MachineState: Sendable, Equatable {
    /// Size of the scratch buffer loads and stores go to.
    public static let bufferSize = 512
    /// x0…x31 (x0 always 0).
    public var x: [UInt64]
    /// f0…f31 raw 64-bit contents.
    public var f: [UInt64]
    /// The fcsr value (frm in bits 7:5, fflags in 4:0).
    public var fcsr: UInt64
    /// Scratch buffer contents.
    public var buffer: [UInt8]
    /// v0…v31 (32 × vlenb bytes; empty without V).
    public var v: [UInt8] = []
    /// vl, vtype, vstart and vcsr (empty without V). In a start state: the AVL
    /// and vtype given to vsetvl, then vstart and vcsr.
    public var vectorCSRs: [UInt64] = []

    public init(x: [UInt64], f: [UInt64], fcsr: UInt64, buffer: [UInt8], v: [UInt8] = [], vectorCSRs: [UInt64] = []) {
        self.x = x; self.f = f; self.fcsr = fcsr; self.buffer = buffer; self.v = v; self.vectorCSRs = vectorCSRs
    }
}

/// A generated test case: the seed it came from, the start state and the instructions.
public struct FuzzSequence: Sendable, Equatable {
    public var seed: UInt64
    public var initial: MachineState
    public var units: [FuzzUnit]
    /// Use the scratch buffer that shares pages with the harness code (so every store
    /// lands next to translated code) instead of the one in .bss.
    public var bufferNearCode: Bool

    public init(seed: UInt64, initial: MachineState, units: [FuzzUnit], bufferNearCode: Bool = false) {
        self.seed = seed; self.initial = initial; self.units = units; self.bufferNearCode = bufferNearCode
    }

    /// Number of instructions (items) in all units.
    public var instructionCount: Int { units.reduce(0) { $0 + $1.items.count } }

    /// The same sequence with only the units at `kept` (ascending indices); link targets
    /// move to the first kept unit at or after their old target.
    public func keeping(_ kept: [Int]) -> FuzzSequence {
        var newIndex = [Int](repeating: kept.count, count: units.count + 1)
        var next = kept.count
        var k = kept.count - 1
        for old in stride(from: units.count, through: 0, by: -1) {
            if k >= 0, kept[k] == old { next = k; k -= 1 }
            newIndex[old] = next
        }
        let newUnits = kept.map { old -> FuzzUnit in
            var u = units[old]
            u.items = u.items.map { item in
                if case .link(let kind, let t) = item { return .link(kind, target: newIndex[min(t, units.count)]) }
                return item
            }
            return u
        }
        return FuzzSequence(seed: seed, initial: initial, units: newUnits, bufferNearCode: bufferNearCode)
    }

    /// The first `n` units (links beyond them go to the new end).
    public func prefix(_ n: Int) -> FuzzSequence { keeping(Array(0..<min(n, units.count))) }
}
