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
    /// Maps, for each segment, the pages holding its file bytes that no other
    /// segment's pages overlap straight from the file `elf` was read from
    /// (MAP_PRIVATE, the segment's protection), when its file offset and
    /// address agree modulo the page size. Returns each segment's range of
    /// guest addresses so mapped (empty: none; the caller copies the rest).
    /// Nothing is mapped when the file cannot be opened again or changed size.
    static func mapFromFile(_ elf: ELFFile, segments: [ELFFile.ProgramHeader], bias: UInt64,
                            into memory: GuestMemory) -> [Range<UInt64>] {
        var result = Array(repeating: Range<UInt64>(uncheckedBounds: (0, 0)), count: segments.count)
        let fd = open(elf.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return result }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, UInt64(st.st_size) == elf.fileSize else { return result }
        let page = GuestMemory.pageSize
        let pages = segments.map { s in
            (GuestMemory.pageDown(s.vaddr &+ bias), GuestMemory.pageUp((s.vaddr &+ bias) &+ s.memsz))
        }
        for (index, s) in segments.enumerated() where s.filesz > 0 && s.memsz >= s.filesz {
            let address = s.vaddr &+ bias
            guard s.vaddr % page == s.offset % page else { continue }
            var lo = GuestMemory.pageDown(address), hi = GuestMemory.pageUp(address + s.filesz)
            var inside = false
            for (other, range) in pages.enumerated() where other != index && segments[other].memsz > 0 {
                guard range.1 > lo && range.0 < hi else { continue }
                if range.0 <= lo { lo = max(lo, range.1) } else if range.1 >= hi { hi = min(hi, range.0) } else { inside = true }
            }
            guard !inside, lo < hi else { continue }
            var prot = MemoryProtection()
            if s.protection.read { prot.insert(.read) }
            if s.protection.write { prot.insert(.write) }
            if s.protection.execute { prot.insert(.execute) }
            let offset = GuestMemory.pageDown(s.offset) + (lo - GuestMemory.pageDown(address))
            do { try memory.mapFile(lo, length: hi - lo, protection: prot, fd: fd, offset: offset, name: elf.path) } catch {
                continue  // the anonymous pages stay; the caller copies
            }
            result[index] = lo ..< hi
        }
        return result
    }

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

        // File pages that only one segment covers are mapped from the file, as
        // Linux maps them (private, copy-on-write): only the pages the program
        // touches become resident (cc1's 65 MB of code were copied whole).
        let mapped = mapFromFile(elf, segments: segments, bias: bias, into: memory)

        // Copy the other file bytes, then zero the rest of each segment's last file page.
        for (index, s) in segments.enumerated() where s.memsz > 0 {
            let address = s.vaddr &+ bias
            var ok = true
            if s.filesz > 0 {
                let skip = mapped[index]
                for (lo, hi) in [(address, min(skip.lowerBound, address + s.filesz)),
                                 (max(skip.upperBound, address), address + s.filesz)] where lo < hi {
                    let start = Int(s.offset + (lo - address)), count = Int(hi - lo)
                    if start + count <= elf.bytes.count {
                        ok = ok && elf.bytes.withUnsafeBytes { raw in
                            (try? memory.writeInitial(lo, UnsafeRawBufferPointer(rebasing: raw[start ..< start + count]))) != nil
                        }
                    } else {
                        // Only the headers were read (`ELFFile(headersOf:)`): read these bytes now.
                        let bytes = ELFFile.read(elf.path, offset: UInt64(start), count: count)
                        ok = ok && bytes?.withUnsafeBytes { (try? memory.writeInitial(lo, $0)) != nil } == true
                    }
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
