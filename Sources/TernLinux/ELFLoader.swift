import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// The result of mapping an executable into guest memory.
struct LoadedImage: Sendable {
    /// Entry point (bias applied).
    var entry: UInt64
    /// Guest address of the program headers (AT_PHDR); 0 when they are not mapped.
    var programHeaderAddress: UInt64
    /// Number of program headers (AT_PHNUM).
    var programHeaderCount: Int
    /// Raw program headers, copied onto the stack when not mapped by a segment.
    var programHeaderBytes: [UInt8]
    /// Load bias (0 for ET_EXEC).
    var bias: UInt64
    /// First address after the highest segment, page aligned: the initial break.
    var breakStart: UInt64
    /// PT_GNU_STACK asked for an executable stack.
    var executableStack: Bool
}

/// Maps ELF executables into a `GuestMemory`.
enum ELFLoader {
    /// Maps the PT_LOAD segments of `elf` at `base` (ET_DYN) or at their own
    /// addresses (ET_EXEC), copying file bytes and zero-filling bss; every
    /// segment must end at or below `limit` (the area under the stack).
    static func load(_ elf: ELFFile, into memory: GuestMemory,
                     dynamicBase: UInt64 = GuestLayout.dynamicBase,
                     limit: UInt64 = GuestLayout.belowStack(GuestLayout.defaultStackSize)) throws(LoadError) -> LoadedImage {
        func fail(_ kind: LoadError.Kind, _ message: String) -> LoadError {
            LoadError(path: elf.path, kind: kind, message: message)
        }
        let segments = elf.loadSegments
        let lowest = segments.map { GuestMemory.pageDown($0.vaddr) }.min()!
        let bias: UInt64 = elf.isPositionIndependent ? dynamicBase &- lowest : 0
        if elf.isPositionIndependent && lowest > dynamicBase {
            throw fail(.badSegment, "position-independent executable with segments at 0x\(hex(lowest))")
        }

        // Page ranges with their protections; overlapping pages get the union.
        var ranges: [(start: UInt64, end: UInt64, prot: MemoryProtection)] = []
        var highest: UInt64 = 0
        for s in segments where s.memsz > 0 {
            let start = GuestMemory.pageDown(s.vaddr) &+ bias
            let (rawEnd, o) = (s.vaddr &+ bias).addingReportingOverflow(s.memsz)
            guard !o, rawEnd <= GuestMemory.size, start >= GuestLayout.minimumAddress else {
                throw fail(.badSegment, "segment at 0x\(hex(s.vaddr &+ bias)) is outside the usable guest address space")
            }
            let end = GuestMemory.pageUp(rawEnd)
            guard end <= limit else {
                throw fail(.badSegment, "segment at 0x\(hex(s.vaddr &+ bias)) overlaps the stack area")
            }
            var prot = MemoryProtection()
            let p = s.protection
            if p.read { prot.insert(.read) }
            if p.write { prot.insert(.write) }
            if p.execute { prot.insert(.execute) }
            ranges.append((start, end, prot))
            highest = max(highest, end)
        }
        guard !ranges.isEmpty else { throw fail(.badSegment, "no loadable segments with contents") }
        let bounds = Set(ranges.flatMap { [$0.start, $0.end] }).sorted()
        for (lo, hi) in zip(bounds, bounds.dropFirst()) {
            let covering = ranges.filter { $0.start < hi && $0.end > lo }
            guard !covering.isEmpty else { continue }
            let prot = covering.reduce(MemoryProtection()) { $0.union($1.prot) }
            do { try memory.map(lo, length: hi - lo, protection: prot, name: elf.path) } catch {
                throw fail(.mapFailed, "cannot map segment at 0x\(hex(lo)): \(error)")
            }
        }

        // Copy file bytes, then zero the rest of each segment's last file page.
        for s in segments where s.memsz > 0 {
            let address = s.vaddr &+ bias
            var ok = true
            if s.filesz > 0 {
                let start = Int(s.offset), count = Int(s.filesz)
                ok = elf.bytes.withUnsafeBytes { raw in
                    (try? memory.writeInitial(address, UnsafeRawBufferPointer(rebasing: raw[start ..< start + count]))) != nil
                }
            }
            let fileEnd = address + s.filesz
            let zeroEnd = min(GuestMemory.pageUp(fileEnd), address + s.memsz)
            if ok && zeroEnd > fileEnd {
                let zeros = [UInt8](repeating: 0, count: Int(zeroEnd - fileEnd))
                ok = zeros.withUnsafeBytes { (try? memory.writeInitial(fileEnd, $0)) != nil }
            }
            guard ok else { throw fail(.mapFailed, "cannot fill segment at 0x\(hex(address))") }
        }

        // AT_PHDR: PT_PHDR if present, else the PT_LOAD covering the table in the file.
        let tableSize = UInt64(elf.programHeaders.count * ELFFile.phdrSize)
        var phdrAddress: UInt64 = 0
        if let p = elf.programHeaders.first(where: { $0.type == ELFFile.ptPhdr }) {
            phdrAddress = p.vaddr &+ bias
        } else if let s = segments.first(where: { $0.offset <= elf.phoff && elf.phoff + tableSize <= $0.offset + $0.filesz }) {
            phdrAddress = s.vaddr + (elf.phoff - s.offset) &+ bias
        }
        if phdrAddress != 0 && !memory.isAccessible(phdrAddress, length: tableSize, .read) { phdrAddress = 0 }

        let entry = elf.entry &+ bias
        guard entry < GuestMemory.size else {
            throw fail(.badHeader, "entry point 0x\(hex(entry)) is outside the guest address space")
        }
        let stack = elf.programHeaders.first { $0.type == ELFFile.ptGNUStack }
        return LoadedImage(entry: entry, programHeaderAddress: phdrAddress,
                           programHeaderCount: elf.programHeaders.count,
                           programHeaderBytes: Array(elf.programHeaderBytes), bias: bias,
                           breakStart: highest, executableStack: (stack?.flags ?? 0) & 1 != 0)
    }
}
