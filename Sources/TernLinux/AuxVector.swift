import TernISA

/// ELF auxiliary vector entries (`AT_*`, include/uapi/linux/auxvec.h).
public enum AuxType: UInt64, Sendable {
    case null = 0, phdr = 3, phent = 4, phnum = 5, pagesz = 6, base = 7, flags = 8, entry = 9
    case uid = 11, euid = 12, gid = 13, egid = 14, platform = 15, hwcap = 16, clktck = 17
    case secure = 23, random = 25, hwcap2 = 26, execfn = 31
}

/// Builds the auxiliary vector in the order Linux's `create_elf_tables` uses.
enum AuxVector {
    /// AT_HWCAP: one bit per single-letter extension of the CPU model, bit = letter - 'a'.
    static func hwcap(_ extensions: ExtensionSet) -> UInt64 {
        extensions.members.filter(\.isSingleLetter).reduce(UInt64(0)) {
            $0 | 1 << UInt64($1.name.unicodeScalars.first!.value - 0x61)
        }
    }
    /// sysconf(_SC_CLK_TCK) on Linux.
    static let clockTicks: UInt64 = 100

    /// Addresses the stack builder resolved (strings, random bytes, headers).
    struct Addresses {
        var programHeaders: UInt64
        var random: UInt64
        var execfn: UInt64
        var platform: UInt64
    }

    struct Identity {
        var uid: UInt64, euid: UInt64, gid: UInt64, egid: UInt64
    }

    static func entries(image: LoadedImage, interpreterBase: UInt64, addresses: Addresses,
                        identity: Identity, hwcap: UInt64) -> [(AuxType, UInt64)] {
        [
            (.hwcap, hwcap),
            (.pagesz, 4096),
            (.clktck, clockTicks),
            (.phdr, addresses.programHeaders),
            (.phent, 56),
            (.phnum, UInt64(image.programHeaderCount)),
            (.base, interpreterBase),
            (.flags, 0),
            (.entry, image.entry),
            (.uid, identity.uid),
            (.euid, identity.euid),
            (.gid, identity.gid),
            (.egid, identity.egid),
            (.secure, 0),
            (.random, addresses.random),
            (.hwcap2, 0),
            (.execfn, addresses.execfn),
            (.platform, addresses.platform),
            (.null, 0),
        ]
    }
}
