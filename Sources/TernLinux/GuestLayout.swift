import TernCore

/// Where the Linux personality places things in the 2^38-byte guest space.
///
/// These mirror Linux riscv64 with Sv39 (TASK_SIZE = 2^38): the stack ends one
/// page below the top, `mmap` allocates top-down below a gap under the stack,
/// and static-PIE executables load at 2/3 of the space (ELF_ET_DYN_BASE).
public enum GuestLayout {
    /// One past the highest stack byte.
    public static let stackTop: UInt64 = 0x3f_ffff_f000
    /// Default stack size (RLIMIT_STACK default).
    public static let defaultStackSize: UInt64 = 8 << 20
    /// Gap kept free between the stack and the mmap area.
    public static let stackGap: UInt64 = 1 << 20
    /// Load base of ET_DYN executables: (2^38 / 3) * 2, page aligned — Linux's ELF_ET_DYN_BASE.
    public static let dynamicBase: UInt64 = 0x2a_aaaa_a000
    /// Lowest address user mappings may use (vm.mmap_min_addr).
    public static let minimumAddress: UInt64 = 0x1_0000
    /// One past the highest address below the stack (and its gap) for a stack
    /// of `stackSize` bytes: program segments, the interpreter and `mmap` stay below it.
    public static func belowStack(_ stackSize: UInt64) -> UInt64 { stackTop - stackSize - stackGap }
    /// Alignment of the program interpreter's load base.
    public static let interpreterAlignment: UInt64 = 1 << 16
}
