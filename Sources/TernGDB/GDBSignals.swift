/// gdb numbers signals its own way (gdb/signals.def); the protocol's stop
/// replies and `C`/`S` resumes use those numbers, the guest Linux's.
enum GDBSignal {
    /// Linux (riscv64, asm-generic numbering) → gdb, for signals 1...31.
    private static let fromLinux: [Int32: UInt8] = [
        1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 10, 8: 8, 9: 9, 10: 30, 11: 11, 12: 31, 13: 13, 14: 14,
        15: 15, 17: 20, 18: 19, 19: 17, 20: 18, 21: 21, 22: 22, 23: 16, 24: 24, 25: 25, 26: 26,
        27: 27, 28: 28, 29: 23, 30: 32, 31: 12,
    ]
    private static let toLinux: [UInt8: Int32] = Dictionary(uniqueKeysWithValues: fromLinux.map { ($1, $0) })
    /// GDB_SIGNAL_UNKNOWN.
    static let unknown: UInt8 = 143
    /// GDB_SIGNAL_TRAP and GDB_SIGNAL_INT.
    static let trap: UInt8 = 5, interrupt: UInt8 = 2

    /// The gdb number of Linux signal `sig` (real-time signals 32...64 included).
    static func gdb(_ sig: Int32) -> UInt8 {
        switch sig {
        case 32: 77                     // GDB_SIGNAL_REALTIME_32
        case 33 ... 63: UInt8(sig + 12) // GDB_SIGNAL_REALTIME_33 = 45 ...
        case 64: 78                     // GDB_SIGNAL_REALTIME_64
        default: fromLinux[sig] ?? unknown
        }
    }

    /// The Linux signal for gdb number `n` (0: none or unknown).
    static func linux(_ n: UInt8) -> Int32 {
        switch n {
        case 77: 32
        case 45 ... 75: Int32(n) - 12
        case 78: 64
        default: toLinux[n] ?? 0
        }
    }
}
