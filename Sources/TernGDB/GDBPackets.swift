import Foundation
import TernCore
import TernLinux
#if canImport(Glibc)
import Glibc
#endif

/// What the stub does with a packet served while the process is stopped.
enum PacketResult {
    case reply(String)
    /// A reply with binary data (qXfer objects).
    case binary([UInt8])
    /// Threads were resumed (no reply until the next stop).
    case resume
    case detach
    case kill
}

/// A thread in a packet: `p<pid>.<tid>` (multiprocess), `<tid>`, `-1` (all), `0` (any).
enum ThreadSelector: Equatable {
    case all, any
    case thread(Int32)

    init?(_ text: Substring) {
        var s = text
        if s.hasPrefix("p") {
            s = s.dropFirst()
            guard let dot = s.firstIndex(of: ".") else { self = .all; return }  // a whole process
            s = s[s.index(after: dot)...]
        }
        if s == "-1" { self = .all; return }
        guard let v = Hex.value(s) else { return nil }
        self = v == 0 ? .any : .thread(Int32(truncatingIfNeeded: v))
    }

    func matches(_ thread: GuestThread) -> Bool {
        switch self {
        case .all, .any: true
        case .thread(let tid): thread.tid == tid
        }
    }
}

extension GDBStub {
    typealias Handler = @Sendable (GDBStub, Substring) -> PacketResult

    /// Packet handlers by prefix; the first match wins, so longer prefixes come first.
    static let handlers: [(prefix: String, handler: Handler)] = [
        ("qSupported", { $0.supported($1) }),
        ("qXfer:features:read:", { $0.readFeature($1) }),
        ("qXfer:threads:read::", { $0.chunk(Array($0.threadsXML.utf8), $1) }),
        ("qXfer:auxv:read::", { $0.chunk($0.auxv, $1) }),
        ("qfThreadInfo", { stub, _ in .reply("m" + stub.threadList.map { stub.threadID($0) }.joined(separator: ",")) }),
        ("qsThreadInfo", { _, _ in .reply("l") }),
        ("qC", { stub, _ in .reply("QC" + stub.threadID(stub.stopThread)) }),
        ("qAttached", { _, _ in .reply("0") }),
        ("qOffsets", { _, _ in .reply("Text=0000000000000000;Data=0000000000000000;Bss=0000000000000000") }),
        ("qSymbol", { _, _ in .reply("OK") }),
        ("QStartNoAckMode", { _, _ in .reply("OK") }),
        ("vCont?", { _, _ in .reply("vCont;c;C;s;S") }),
        ("vCont;", { $0.resumeVCont($1) }),
        ("vKill", { _, _ in .kill }),
        ("vMustReplyEmpty", { _, _ in .reply("") }),
        ("?", { stub, _ in .reply(stub.lastStop) }),
        ("H", { $0.selectThread($1) }),
        ("T", { stub, rest in
            guard let sel = ThreadSelector(rest), case .thread(let tid) = sel else { return .reply("E01") }
            return .reply(stub.thread(tid) != nil ? "OK" : "E01")
        }),
        ("g", { stub, _ in .reply(stub.readGeneralRegisters()) }),
        ("G", { $0.writeGeneralRegisters($1) }),
        ("p", { $0.readRegister($1) }),
        ("P", { $0.writeRegister($1) }),
        ("m", { $0.readMemory($1) }),
        ("M", { $0.writeMemory($1) }),
        ("Z", { $0.debugPoint($1, insert: true) }),
        ("z", { $0.debugPoint($1, insert: false) }),
        ("c", { $0.resumeLegacy($1, action: .run, withSignal: false) }),
        ("C", { $0.resumeLegacy($1, action: .run, withSignal: true) }),
        ("s", { $0.resumeLegacy($1, action: .step, withSignal: false) }),
        ("S", { $0.resumeLegacy($1, action: .step, withSignal: true) }),
        ("D", { _, _ in .detach }),
        ("k", { _, _ in .kill }),
    ]

    /// Serves one packet.
    func handle(_ bytes: [UInt8]) -> PacketResult {
        if bytes.first == UInt8(ascii: "X") { return writeBinaryMemory(bytes.dropFirst()) }
        let packet = String(decoding: bytes, as: UTF8.self)
        for (prefix, handler) in Self.handlers where packet.hasPrefix(prefix) {
            return handler(self, packet.dropFirst(prefix.count))
        }
        return .reply("")  // unsupported
    }

    // MARK: - Queries

    private func supported(_ features: Substring) -> PacketResult {
        let offered = features.dropFirst().split(separator: ";")
        multiprocess = offered.contains("multiprocess+")
        swbreak = offered.contains("swbreak+")
        var reply = "PacketSize=4000;qXfer:features:read+;qXfer:threads:read+;qXfer:auxv:read+;QStartNoAckMode+;vContSupported+"
        if multiprocess { reply += ";multiprocess+" }
        if swbreak { reply += ";swbreak+;hwbreak+" }
        return .reply(reply)
    }

    private func readFeature(_ rest: Substring) -> PacketResult {
        guard let colon = rest.firstIndex(of: ":"), let document = target.documents[String(rest[..<colon])] else {
            return .reply("E00")
        }
        return chunk(Array(document.utf8), rest[rest.index(after: colon)...])
    }

    /// `offset,length` of a qXfer object: `m` + data while more follows, `l` + data at the end.
    private func chunk(_ data: [UInt8], _ range: Substring) -> PacketResult {
        let parts = range.split(separator: ",")
        guard parts.count == 2, let offset = Hex.value(parts[0]), let length = Hex.value(parts[1]) else { return .reply("E00") }
        guard offset < UInt64(data.count) else { return .reply("l") }
        let end = Int(min(UInt64(data.count), offset + length))
        return .binary([UInt8(ascii: end == data.count ? "l" : "m")] + data[Int(offset) ..< end])
    }

    var threadsXML: String {
        var xml = "<?xml version=\"1.0\"?>\n<threads>\n"
        for t in threadList {
            xml += "<thread id=\"\(threadID(t))\" name=\"\(Self.xmlEscaped(t.threadName))\"/>\n"
        }
        return xml + "</threads>\n"
    }

    private static func xmlEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The auxiliary vector as the guest's memory holds it (pairs of u64, AT_NULL last).
    var auxv: [UInt8] {
        var pairs = process.auxiliaryVector
        if pairs.last?.0 != 0 { pairs.append((0, 0)) }
        var bytes: [UInt8] = []
        for (k, v) in pairs {
            for w in [k, v] { for i in 0 ..< 8 { bytes.append(UInt8(truncatingIfNeeded: w >> (8 * UInt64(i)))) } }
        }
        return bytes
    }

    /// A thread id as gdb expects it.
    func threadID(_ t: GuestThread) -> String {
        let tid = String(UInt32(bitPattern: t.tid), radix: 16)
        return multiprocess ? "p\(String(UInt32(bitPattern: getpid()), radix: 16)).\(tid)" : tid
    }

    private func selectThread(_ rest: Substring) -> PacketResult {
        guard let op = rest.first, let sel = ThreadSelector(rest.dropFirst()) else { return .reply("E01") }
        var chosen: GuestThread?
        if case .thread(let tid) = sel {
            guard let t = thread(tid) else { return .reply("E01") }
            chosen = t
        }
        switch op {
        case "g": registerThread = chosen ?? stopThread
        case "c": resumeThread = chosen
        default: return .reply("E01")
        }
        return .reply("OK")
    }

    // MARK: - Registers

    private func readGeneralRegisters() -> String {
        let hart = registerThread.hart
        return target.generalBlock.map { Hex.encode($0.read(hart)) }.joined()
    }

    private func writeGeneralRegisters(_ rest: Substring) -> PacketResult {
        guard let bytes = Hex.decode(rest) else { return .reply("E01") }
        let hart = registerThread.hart
        var offset = 0
        for r in target.generalBlock where offset + r.bytes <= bytes.count {
            r.write?(hart, Array(bytes[offset ..< offset + r.bytes]))
            offset += r.bytes
        }
        return .reply("OK")
    }

    private func readRegister(_ rest: Substring) -> PacketResult {
        guard let n = Hex.value(rest), let r = target.registers[Int(n)] else { return .reply("E01") }
        return .reply(Hex.encode(r.read(registerThread.hart)))
    }

    private func writeRegister(_ rest: Substring) -> PacketResult {
        let parts = rest.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let n = Hex.value(parts[0]), let r = target.registers[Int(n)],
              let bytes = Hex.decode(parts[1]), bytes.count == r.bytes else { return .reply("E01") }
        r.write?(registerThread.hart, bytes)
        return .reply("OK")
    }

    // MARK: - Memory

    /// `addr,length` → its numbers.
    private static func range(_ s: Substring) -> (UInt64, Int)? {
        let parts = s.split(separator: ",")
        guard parts.count == 2, let a = Hex.value(parts[0]), let n = Hex.value(parts[1]), n <= 1 << 20 else { return nil }
        return (a, Int(n))
    }

    private func readMemory(_ rest: Substring) -> PacketResult {
        guard let (address, count) = Self.range(rest) else { return .reply("E01") }
        // The readable prefix, page by page (an error when nothing is readable).
        var bytes: [UInt8] = []
        while bytes.count < count {
            let at = address &+ UInt64(bytes.count)
            let piece = min(count - bytes.count, Int(GuestMemory.pageSize - at % GuestMemory.pageSize))
            guard let read = machine.memory.debugRead(at, count: piece) else { break }
            bytes += read
        }
        guard !bytes.isEmpty || count == 0 else { return .reply("E14") }
        return .reply(Hex.encode(bytes))
    }

    private func writeMemory(_ rest: Substring) -> PacketResult {
        guard let colon = rest.firstIndex(of: ":"), let (address, count) = Self.range(rest[..<colon]),
              let bytes = Hex.decode(rest[rest.index(after: colon)...]), bytes.count == count else { return .reply("E01") }
        return .reply(machine.memory.debugWrite(address, bytes) ? "OK" : "E14")
    }

    private func writeBinaryMemory(_ rest: ArraySlice<UInt8>) -> PacketResult {
        guard let colon = rest.firstIndex(of: UInt8(ascii: ":")),
              let (address, count) = Self.range(Substring(String(decoding: rest[..<colon], as: UTF8.self))) else {
            return .reply("E01")
        }
        let bytes = RemotePacket.unescape(rest[(colon + 1)...])
        guard bytes.count == count else { return .reply("E01") }
        return .reply(machine.memory.debugWrite(address, bytes) ? "OK" : "E14")
    }

    // MARK: - Breakpoints and watchpoints

    /// `Z`/`z` `type,addr,kind`: 0/1 breakpoints (software and hardware alike:
    /// neither writes guest memory), 2/3/4 write/read/access watchpoints.
    private func debugPoint(_ rest: Substring, insert: Bool) -> PacketResult {
        let parts = rest.split(separator: ";", maxSplits: 1)[0].split(separator: ",")
        guard parts.count == 3, let type = Int(parts[0]), let address = Hex.value(parts[1]),
              let kind = Hex.value(parts[2]) else { return .reply("E01") }
        switch type {
        case 0, 1:
            if insert { machine.insertBreakpoint(address) } else { machine.removeBreakpoint(address) }
        case 2, 3, 4:
            guard kind > 0, address < GuestMemory.size, kind <= GuestMemory.size - address else { return .reply("E22") }
            let w = Watchpoint(address: address, length: kind, kind: [.write, .read, .access][type - 2])
            if insert { machine.insertWatchpoint(w) } else { machine.removeWatchpoint(w) }
        default:
            return .reply("")
        }
        return .reply("OK")
    }

    // MARK: - Resuming

    private func resumeVCont(_ rest: Substring) -> PacketResult {
        var actions: [(action: Action, signal: UInt8, thread: ThreadSelector)] = []
        for item in rest.split(separator: ";") {
            let parts = item.split(separator: ":", maxSplits: 1)
            let verb = parts[0]
            let selector = parts.count == 2 ? ThreadSelector(parts[1]) : .all
            guard let selector, let kind = verb.first else { return .reply("E01") }
            var signal: UInt8 = 0
            if kind == "C" || kind == "S" {
                guard let v = Hex.value(verb.dropFirst()), v < 256 else { return .reply("E01") }
                signal = UInt8(v)
            }
            switch kind {
            case "c", "C": actions.append((.run, signal, selector))
            case "s", "S": actions.append((.step, signal, selector))
            case "t": actions.append((.stop, 0, selector))
            default: return .reply("")  // unsupported action (range stepping): gdb falls back
            }
        }
        resume(actions)
        return .resume
    }

    /// `c`/`s` [addr] and `C`/`S` sig[;addr]: the selected (or stopped) thread;
    /// a continue lets every thread run, a step only that one.
    private func resumeLegacy(_ rest: Substring, action: Action, withSignal: Bool) -> PacketResult {
        var signal: UInt8 = 0
        var addressText = rest
        if withSignal {
            let parts = rest.split(separator: ";", maxSplits: 1)
            guard let first = parts.first, let v = Hex.value(first), v < 256 else { return .reply("E01") }
            signal = UInt8(v)
            addressText = parts.count == 2 ? parts[1] : ""
        }
        let thread = resumeThread ?? stopThread
        if !addressText.isEmpty {
            guard let a = Hex.value(addressText) else { return .reply("E01") }
            thread.hart.pc = a
        }
        var actions: [(action: Action, signal: UInt8, thread: ThreadSelector)] = [(action, signal, .thread(thread.tid))]
        if action == .run { actions.append((.run, 0, .all)) }
        resume(actions)
        return .resume
    }

    // MARK: - Stop replies

    /// `T` + signal + `thread:id;` + the reason's extra fields.
    func stopReply(_ t: GuestThread, signal: UInt8, extra: String) -> String {
        "T" + Hex.byte(signal) + "thread:" + threadID(t) + ";" + extra
    }

    func stopReply(_ t: GuestThread, _ cause: DebugStopCause) -> String {
        switch cause {
        case .debug(.breakpoint): stopReply(t, signal: GDBSignal.trap, extra: swbreak ? "swbreak:;" : "")
        case .debug(.watchpoint(let address, let kind)):
            stopReply(t, signal: GDBSignal.trap,
                      extra: ["watch", "rwatch", "awatch"][kind.rawValue] + ":" + String(address, radix: 16) + ";")
        case .stepped: stopReply(t, signal: GDBSignal.trap, extra: "")
        case .signal(let sig): stopReply(t, signal: GDBSignal.gdb(sig), extra: "")
        }
    }

    /// `W` status or `X` signal (with the process id under multiprocess).
    func exitReply(_ end: ProcessExit) -> String {
        let process = multiprocess ? ";process:" + String(UInt32(bitPattern: getpid()), radix: 16) : ""
        switch end {
        case .exited(let status): return "W" + Hex.byte(UInt8(truncatingIfNeeded: status)) + process
        case .signaled(let sig, _): return "X" + Hex.byte(GDBSignal.gdb(sig)) + process
        }
    }
}
