import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Names guest addresses from every ELF file mapped into the guest: the
/// program, the dynamic loader and each shared library (`.symtab`, or
/// `.dynsym` when stripped), at the load bias of the mapping. An address in a
/// mapped file that no symbol covers is named `file+0xoffset` from the start of
/// the file's mapping (as perf names unknown code); other memory is unnamed.
/// Used by --trace, --profile-blocks, `tern report` and the perf maps.
public final class GuestSymbols: @unchecked Sendable {
    private let memory: GuestMemory
    private let lock = Lock()
    /// Parsed files by the name their mappings carry (nil: not a readable ELF).
    private var images: [String: Image?] = [:]

    private struct Image {
        /// Symbols at their link addresses.
        let table: ELFSymbolTable
        /// Link address of the lowest PT_LOAD page.
        let linkBase: UInt64
        let fileName: String
    }

    /// Symbols of `memory`'s file mappings; the ones mapped now are read at once
    /// (the program and its interpreter, before the guest can change directory).
    public init(memory: GuestMemory) {
        self.memory = memory
        for r in memory.mappedRegions where !r.name.isEmpty && !r.name.hasPrefix("[") { _ = image(r.name) }
    }

    /// `symbol+0xoffset`, `file+0xoffset`, or nil for anonymous memory.
    public func name(for address: UInt64) -> String? {
        let regions = memory.mappedRegions
        var lo = 0, hi = regions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if regions[mid].end <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo < regions.count, regions[lo].start <= address, !regions[lo].name.isEmpty,
              !regions[lo].name.hasPrefix("["), let image = image(regions[lo].name) else { return nil }
        // The file's mapping starts where the run of adjacent regions of that name starts.
        var first = lo
        while first > 0, regions[first - 1].name == regions[lo].name, regions[first - 1].end == regions[first].start {
            first -= 1
        }
        let base = regions[first].start
        let bias = base &- image.linkBase
        if let name = image.table.name(for: address &- bias) { return name }
        return image.fileName + "+0x" + String(address - base, radix: 16)
    }

    private func image(_ path: String) -> Image? {
        if let cached = lock.withLock({ images[path] }) { return cached }
        var loaded: Image?
        if let elf = try? ELFFile(contentsOf: path), let table = try? ELFSymbolTable(elf),
           let lowest = elf.loadSegments.map(\.vaddr).min() {
            loaded = Image(table: table, linkBase: GuestMemory.pageDown(lowest),
                           fileName: String(path.split(separator: "/").last ?? Substring(path)))
        }
        lock.withLock { images[path] = .some(loaded) }
        return loaded
    }
}
