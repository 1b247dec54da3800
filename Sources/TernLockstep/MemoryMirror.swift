import TernCore
import TernReference
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the reference interpreter's memory a copy of the engine's guest memory
/// (page by page) and compares the two.
enum MemoryMirror {
    /// Reference permissions for an engine protection.
    static func access(_ p: MemoryProtection) -> ReferenceMemory.Access {
        ReferenceMemory.Access(rawValue: p.rawValue)
    }

    /// Every mapped engine page with its protection.
    static func enginePages(_ memory: GuestMemory) -> [(number: UInt64, protection: MemoryProtection)] {
        var out: [(UInt64, MemoryProtection)] = []
        for r in memory.mappedRegions {
            for n in (r.start / GuestMemory.pageSize)..<(r.end / GuestMemory.pageSize) { out.append((n, r.protection)) }
        }
        return out
    }

    /// Makes `reference` equal to `engine`: maps, unmaps and copies pages that
    /// differ. Returns how many pages were copied.
    @discardableResult
    static func sync(from engine: GuestMemory, to reference: ReferenceMemory) -> Int {
        var copied = 0
        var live = Set<UInt64>()
        for (n, p) in enginePages(engine) {
            live.insert(n)
            let host = engine.host(n * GuestMemory.pageSize)
            let readable = !p.isEmpty
            if let page = reference.pages[n] {
                page.access = access(p)
                if readable, memcmp(page.bytes, host, Int(GuestMemory.pageSize)) != 0 {
                    page.bytes.copyMemory(from: host, byteCount: Int(GuestMemory.pageSize))
                    copied += 1
                }
            } else {
                reference.mapPage(n, access: access(p), contents: readable ? UnsafeRawPointer(host) : nil)
                copied += 1
            }
        }
        for n in reference.pages.keys where !live.contains(n) { reference.unmapPage(n) }
        return copied
    }

    /// The first byte (in address order) where the two memories differ, in
    /// content or in mapping.
    static func firstDifference(_ engine: GuestMemory, _ reference: ReferenceMemory) -> MemoryDifference? {
        var live = Set<UInt64>()
        for (n, p) in enginePages(engine) {
            live.insert(n)
            let address = n * GuestMemory.pageSize
            guard let page = reference.pages[n] else {
                return MemoryDifference(address: address, engine: nil, reference: nil, note: "mapped only in the engine")
            }
            guard !p.isEmpty else { continue }
            let host = engine.host(address)
            if memcmp(page.bytes, host, Int(GuestMemory.pageSize)) != 0 {
                for i in 0..<Int(GuestMemory.pageSize) {
                    let e = host.load(fromByteOffset: i, as: UInt8.self), r = page.bytes.load(fromByteOffset: i, as: UInt8.self)
                    if e != r { return MemoryDifference(address: address + UInt64(i), engine: e, reference: r) }
                }
            }
        }
        if let n = reference.pages.keys.filter({ !live.contains($0) }).min() {
            return MemoryDifference(address: n * GuestMemory.pageSize, engine: nil, reference: nil, note: "mapped only in the reference")
        }
        return nil
    }

    /// Differences at the bytes the reference stored to.
    static func differences(at stores: [(address: UInt64, size: Int)], _ engine: GuestMemory,
                            _ reference: ReferenceMemory) -> [MemoryDifference] {
        var out: [MemoryDifference] = []
        for s in stores {
            for k in 0..<UInt64(s.size) {
                let a = s.address &+ k
                let r = reference.peek(a)
                let e = engine.isAccessible(a, length: 1, MemoryProtection()) ? engine.host(a).load(as: UInt8.self) : nil
                if e != r, !out.contains(where: { $0.address == a }) {
                    out.append(MemoryDifference(address: a, engine: e, reference: r))
                }
            }
        }
        return out
    }
}
