import TernCore
import TernISA

/// riscv_hwprobe's answers (arch/riscv/include/uapi/asm/hwprobe.h, Linux 6.15
/// keys) for a CPU model: the IMA_EXT_0 bits follow the enabled extensions, so
/// glibc's ifunc selection and probing programs see exactly the `--cpu` model.
enum HWProbe {
    /// RISCV_HWPROBE_KEY_IMA_EXT_0 bit of each extension Tern can report.
    static let extensionBits: [(Extension, UInt64)] = [
        (.zba, 3), (.zbb, 4), (.zbs, 5), (.zicboz, 6), (.zbc, 7), (.zkt, 16), (.zfh, 27), (.zfhmin, 28),
        (.zihintntl, 29), (.zfa, 32), (.zicond, 35), (.zihintpause, 36), (.zimop, 42), (.zcb, 44),
        (.zcmop, 47), (.zawrs, 48), (.zicntr, 50), (.zihpm, 51), (.zicbom, 55),
        // A is the union of Zaamo and Zalrsc; Linux reports both with it.
        (.a, 56), (.a, 57),
        // V (IMA_V), Zvbb (with its subset Zvkb, as Linux lists it), Zvkt, Zvfh, Zvfhmin.
        (.v, 2), (.zvbb, 17), (.zvbb, 19), (.zvkt, 26), (.zvfh, 30), (.zvfhmin, 31),
    ]

    /// The IMA_EXT_0 value: FD (bit 0), C (1), Zca (43), Zcd (45) and the table's bits.
    static func imaExt0(_ e: ExtensionSet) -> UInt64 {
        var v: UInt64 = 0
        if e.contains(.f) && e.contains(.d) { v |= 1 << 0 }
        if e.contains(.c) { v |= 1 << 1 | 1 << 43 }
        if e.contains(.c) && e.contains(.d) { v |= 1 << 45 }
        for (ext, bit) in extensionBits where e.contains(ext) { v |= 1 << bit }
        return v
    }

    /// The value of `key`, or nil for a key Linux does not define.
    static func value(key: Int64, extensions e: ExtensionSet) -> UInt64? {
        switch key {
        case 0, 1, 2: return 0                                  // MVENDORID, MARCHID, MIMPID
        case 3: return 1                                        // BASE_BEHAVIOR: IMA
        case 4: return imaExt0(e)                               // IMA_EXT_0
        case 5: return 3                                        // CPUPERF_0: MISALIGNED_FAST
        case 6: return e.contains(.zicboz) ? 64 : 0             // ZICBOZ_BLOCK_SIZE
        case 7: return GuestMemory.size - 1                     // HIGHEST_VIRT_ADDRESS
        case 8: return 10_000_000                               // TIME_CSR_FREQ (the 10 MHz time CSR)
        case 9: return 3                                        // MISALIGNED_SCALAR_PERF: FAST
        case 10: return 0                                       // MISALIGNED_VECTOR_PERF: UNKNOWN (not probed)
        case 11: return 0                                       // VENDOR_EXT_THEAD_0: none
        case 12: return e.contains(.zicbom) ? 64 : 0            // ZICBOM_BLOCK_SIZE (cbo.clean/flush: Linux 6.15+)
        case 13: return 0                                       // VENDOR_EXT_SIFIVE_0: none
        default: return nil
        }
    }
}
