import TernCore
import TernELF

/// A bare-metal program loaded into guest memory: its entry point and the HTIF
/// mailboxes named by its `tohost` / `fromhost` symbols.
public struct BareMetalImage: Sendable, Equatable {
    /// Where the hart starts (in machine mode).
    public var entry: UInt64
    /// Address of the `tohost` mailbox, if the program defines one.
    public var tohost: UInt64?
    /// Address of the `fromhost` mailbox, if the program defines one.
    public var fromhost: UInt64?

    /// Whether `elf` is a bare-metal program: it defines a `tohost` symbol.
    /// (A malformed section table means no symbols, so not bare metal.)
    public static func isBareMetal(_ elf: ELFFile) -> Bool {
        ELFSymbolTable.defines("tohost", in: elf)
    }

    /// Default size of the RAM at `BareMetalMachine.ramBase` (Spike's DRAM): 256 MiB.
    public static let defaultRAMSize: UInt64 = 256 << 20

    /// Maps `ramSize` bytes of zeroed RAM at `BareMetalMachine.ramBase` and every
    /// PT_LOAD segment of `elf` at its physical place with read, write and
    /// execute access (physical memory; protections come from PMP and paging),
    /// copies the file bytes and leaves the rest zero.
    public static func load(_ elf: ELFFile, into memory: GuestMemory,
                            ramSize: UInt64 = defaultRAMSize) throws(LoadError) -> BareMetalImage {
        func fail(_ message: String) -> LoadError { LoadError(path: elf.path, kind: .mapFailed, message: message) }
        var ranges: [(start: UInt64, end: UInt64)] = []
        for s in elf.loadSegments where s.memsz > 0 {
            ranges.append((GuestMemory.pageDown(s.vaddr), GuestMemory.pageUp(s.vaddr + s.memsz)))
        }
        guard !ranges.isEmpty else { throw LoadError(path: elf.path, kind: .badSegment, message: "no loadable segments with contents") }
        if ramSize > 0 { ranges.append((BareMetalMachine.ramBase, BareMetalMachine.ramBase + GuestMemory.pageUp(ramSize))) }
        ranges.sort { $0.start < $1.start }
        var merged = [ranges[0]]
        for r in ranges.dropFirst() {
            if r.start <= merged[merged.count - 1].end {
                merged[merged.count - 1].end = max(merged[merged.count - 1].end, r.end)
            } else {
                merged.append(r)
            }
        }
        for r in merged {
            do { try memory.map(r.start, length: r.end - r.start, protection: [.read, .write, .execute], name: elf.path) } catch {
                throw fail("cannot map 0x\(hex(r.start))-0x\(hex(r.end)): \(error)")
            }
        }
        for s in elf.loadSegments where s.filesz > 0 {
            let start = Int(s.offset), count = Int(s.filesz)
            let ok = elf.bytes.withUnsafeBytes { raw in
                (try? memory.writeInitial(s.vaddr, UnsafeRawBufferPointer(rebasing: raw[start ..< start + count]))) != nil
            }
            guard ok else { throw fail("cannot fill segment at 0x\(hex(s.vaddr))") }
        }
        let symbols = try? ELFSymbolTable(elf)
        let image = BareMetalImage(entry: elf.entry, tohost: symbols?.symbol(named: "tohost")?.address,
                                   fromhost: symbols?.symbol(named: "fromhost")?.address)
        for (name, address) in [("tohost", image.tohost), ("fromhost", image.fromhost)] {
            if let address, address & 7 != 0 || !memory.isAccessible(address, length: 8, []) {
                throw LoadError(path: elf.path, kind: .badSegment,
                                message: "\(name) at 0x\(hex(address)) is not an aligned 8-byte word in a loaded segment")
            }
        }
        return image
    }
}
