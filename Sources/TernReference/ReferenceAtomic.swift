
// A extension. The reservation holds the LR's address and value; SC succeeds
// when it names the same address and memory still holds that value (the
// behaviour of qemu-user), and every SC clears the reservation.

extension ReferenceInterpreter {
    func executeAtomic(_ i: ReferenceInstruction) -> Outcome {
        let address = x[Int(i.rs1)]
        let word = (i.bits >> 12) & 7 == 2  // funct3: 010 = .W, 011 = .D
        let size = word ? 4 : 8
        guard address % UInt64(size) == 0 else { return .stop(.misalignedAtomic(address: address)) }
        let widen: (UInt64) -> UInt64 = { word ? UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: $0))) : $0 }
        switch i.opcode {
        case .lrW, .lrD:
            guard let v = memory.read(address, size: size, .read) else { return .stop(.loadFault(address: address)) }
            reservation = (address, v)
            setX(i.rd, widen(v), i)
            return .next
        case .scW, .scD:
            var ok = false
            if let r = reservation, r.address == address {
                guard let current = memory.read(address, size: size, .read),
                      memory.allows(address, size: size, .write) else { return .stop(.storeFault(address: address)) }
                let mask: UInt64 = word ? 0xffff_ffff : .max
                if current == r.value & mask {
                    ok = memory.write(address, size: size, x[Int(i.rs2)])
                }
            }
            reservation = nil
            setX(i.rd, ok ? 0 : 1, i)
            return .next
        default:
            guard let old = memory.read(address, size: size, .read), memory.allows(address, size: size, .write) else {
                return .stop(.storeFault(address: address))
            }
            let a = widen(old), b = widen(x[Int(i.rs2)])
            let new: UInt64
            switch i.opcode {
            case .amoswapW, .amoswapD: new = b
            case .amoaddW, .amoaddD: new = a &+ b
            case .amoxorW, .amoxorD: new = a ^ b
            case .amoandW, .amoandD: new = a & b
            case .amoorW, .amoorD: new = a | b
            case .amominW, .amominD: new = Int64(bitPattern: a) < Int64(bitPattern: b) ? a : b
            case .amomaxW, .amomaxD: new = Int64(bitPattern: a) > Int64(bitPattern: b) ? a : b
            case .amominuW, .amominuD: new = word ? UInt64(Swift.min(UInt32(truncatingIfNeeded: a), UInt32(truncatingIfNeeded: b))) : Swift.min(a, b)
            default: new = word ? UInt64(Swift.max(UInt32(truncatingIfNeeded: a), UInt32(truncatingIfNeeded: b))) : Swift.max(a, b)
            }
            _ = memory.write(address, size: size, new)
            setX(i.rd, a, i)
            return .next
        }
    }
}
