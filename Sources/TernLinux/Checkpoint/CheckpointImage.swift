import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Checkpoint images on disk: `write` saves a stopped process, `open` reads
/// and checks one for `LinuxProcess(restoring:)` (docs/CHECKPOINT.md).
enum CheckpointImage {
    /// Writes `state` and the contents of `memory` to `path`. Memory is read
    /// as it is now (the guest must not run meanwhile).
    static func write(_ state: ProcessState, memory: GuestMemory, to path: String) throws(CheckpointError) {
        let writer = try CheckpointWriter(path: path)
        let scan = MemoryScan(memory)
        var e = ImageEncoder()
        state.encodeProcess(&e)
        try writer.section(.process, e.bytes)
        for thread in state.threads {
            var t = ImageEncoder()
            thread.encode(&t)
            try writer.section(.thread, t.bytes)
        }
        let contents = state.regions.map { scan.contentsToSave($0) }
        var map = ImageEncoder()
        map.u32(UInt32(state.regions.count))
        for (region, c) in zip(state.regions, contents) { region.encode(&map, contents: c) }
        try writer.section(.memoryMap, map.bytes)
        for (i, (region, c)) in zip(state.regions, contents).enumerated() {
            let runs: [PageRun]
            switch c {
            case .pages(let r), .file(let r, _, _): runs = r
            }
            if !runs.isEmpty { try writer.pages(regionIndex: i, region: region, runs: runs, scan: scan) }
        }
        try writer.finish()
    }

    /// An image read and checked as far as its metadata: its process state,
    /// and its memory still to be mapped (`mapMemory`).
    final class Loaded {
        let reader: CheckpointReader
        var state: ProcessState
        /// Per region: the file size and time it was saved with (file contents), or nil (pages).
        let fileVersions: [(size: UInt64, modified: Int64)?]
        /// Per region index: its PAGES section.
        let pageSections: [Int: CheckpointReader.SectionEntry]

        init(path: String) throws(CheckpointError) {
            reader = try CheckpointReader(path: path)
            func corrupt(_ e: ImageDecoder.Malformed) -> CheckpointError { .corrupt(path: path, what: e.what) }
            var process: ProcessState?
            var threads: [ThreadState] = []
            var regions: [MemoryRegion] = []
            var versions: [(size: UInt64, modified: Int64)?] = []
            var pages: [Int: CheckpointReader.SectionEntry] = [:]
            var sawMap = false
            for s in reader.sections {
                switch s.kind {
                case .process:
                    guard process == nil else { throw .corrupt(path: path, what: "two process sections") }
                    var d = try reader.decoder(s)
                    do {
                        process = try ProcessState.decodeProcess(&d)
                        try d.finish()
                    } catch { throw corrupt(error) }
                case .thread:
                    var d = try reader.decoder(s)
                    do {
                        threads.append(try ThreadState.decode(&d))
                        try d.finish()
                    } catch { throw corrupt(error) }
                case .memoryMap:
                    guard !sawMap else { throw .corrupt(path: path, what: "two memory maps") }
                    sawMap = true
                    var d = try reader.decoder(s)
                    do throws(ImageDecoder.Malformed) {
                        let count = Int(try d.u32())
                        guard count < 1 << 20 else { throw ImageDecoder.Malformed(what: "\(count) regions") }
                        for _ in 0 ..< count {
                            let (region, file) = try MemoryRegion.decode(&d)
                            if let last = regions.last, last.end > region.start {
                                throw ImageDecoder.Malformed(what: "overlapping regions at 0x\(hex(region.start))")
                            }
                            regions.append(region)
                            versions.append(file)
                        }
                        try d.finish()
                    } catch { throw corrupt(error) }
                case .pages:
                    let (index, _, _) = try reader.pageRuns(s)
                    guard index < regions.count, pages[index] == nil else {
                        throw .corrupt(path: path, what: "pages of an unknown region")
                    }
                    pages[index] = s
                case .end:
                    break
                }
            }
            guard var state = process, sawMap, !threads.isEmpty else {
                throw .corrupt(path: path, what: "a required section is missing")
            }
            state.threads = threads
            state.regions = regions
            self.state = state
            fileVersions = versions
            pageSections = pages
        }

        /// Maps every region into `memory` (which must be empty) and reads the
        /// saved pages, checking their checksums. `hostPath` turns a saved
        /// host path into the one to open here (a moved sysroot).
        func mapMemory(_ memory: GuestMemory, hostPath: (String) -> String) throws(CheckpointError) {
            for (i, saved) in state.regions.enumerated() {
                var region = saved
                var fd: Int32?
                if let version = fileVersions[i], case .file(var file) = region.backing {
                    file.path = hostPath(file.path)
                    region.backing = .file(file)
                    let opened = open(file.path, (file.shared && region.protection.contains(.write) ? O_RDWR : O_RDONLY) | O_CLOEXEC)
                    guard opened >= 0 else {
                        throw .cannotRestore("\(file.path) (mapped at 0x\(hex(region.start))): \(String(cString: strerror(errno)))")
                    }
                    fd = opened
                    guard let now = FileIdentity(fd: opened), now.size == version.size, now.modified == version.modified else {
                        close(opened)
                        throw .cannotRestore("\(file.path) (mapped at 0x\(hex(region.start))) changed since the checkpoint")
                    }
                } else if case .file(let file) = region.backing {
                    region.backing = .anonymous(shared: file.shared)  // no file to map: the saved pages
                }
                defer { if let fd { close(fd) } }
                let section = pageSections[i]
                do {
                    try memory.restore(region, fd: fd) { base in
                        guard let section else { return }
                        let (_, runs, dataOffset) = try reader.pageRuns(section)
                        try reader.readPages(section, region: region, runs: runs, dataOffset: dataOffset, into: base)
                    }
                } catch let error as CheckpointError {
                    throw error
                } catch {
                    throw .cannotRestore("cannot map 0x\(hex(region.start))-0x\(hex(region.end)): \(error)")
                }
            }
        }
    }
}
