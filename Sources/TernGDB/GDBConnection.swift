import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Where the stub listens: a TCP port (all interfaces, as qemu's `-g PORT`) or a Unix socket path.
public enum GDBEndpoint: Equatable, Sendable {
    case tcp(port: UInt16)
    case unix(path: String)

    /// `1234` → TCP port, anything containing `/` → Unix socket; nil otherwise.
    public init?(_ text: String) {
        if let port = UInt16(text), port > 0 {
            self = .tcp(port: port)
        } else if text.contains("/") {
            self = .unix(path: text)
        } else {
            return nil
        }
    }
}

/// A failure to set up the gdb connection.
public struct GDBError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The socket to gdb: a listener that accepts one connection, then packets
/// both ways (acknowledged unless gdb asked for no-ack mode).
final class GDBConnection: @unchecked Sendable {
    private var listener: Int32
    private(set) var fd: Int32 = -1
    private var reader = RemoteReader()
    private var pending: [RemoteInput] = []
    /// gdb sent QStartNoAckMode: no `+`/`-` either way.
    var noAck = false
    /// The last packet sent (resent on `-`).
    private var lastSent: [UInt8] = []
    /// TERN_GDB_TRACE=1: every packet both ways on stderr (the stub's side of gdb's `set debug remote 1`).
    let trace = getenv("TERN_GDB_TRACE").map { String(cString: $0) == "1" } ?? false

    private func log(_ direction: String, _ bytes: [UInt8]) {
        guard trace else { return }
        let text = String(decoding: bytes.prefix(200).map { $0 >= 0x20 && $0 < 0x7f ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
        let line = "tern: gdb \(direction) \(text)\n"
        _ = line.withCString { Glibc.write(2, $0, strlen($0)) }
    }

    /// Binds and listens on `endpoint`.
    init(listening endpoint: GDBEndpoint) throws(GDBError) {
        switch endpoint {
        case .tcp(let port):
            listener = ReservedDescriptors.shared.adopt(socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0))
            guard listener >= 0 else { throw GDBError(description: "cannot create a socket: \(Self.lastError())") }
            var one: Int32 = 1
            setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = INADDR_ANY
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw Self.closing(listener, "cannot listen on port \(port): \(Self.lastError())") }
        case .unix(let path):
            listener = ReservedDescriptors.shared.adopt(socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0))
            guard listener >= 0 else { throw GDBError(description: "cannot create a socket: \(Self.lastError())") }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
                throw Self.closing(listener, "socket path too long: \(path)")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, b) in bytes.enumerated() { raw[i] = b }
            }
            unlink(path)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw Self.closing(listener, "cannot listen on \(path): \(Self.lastError())") }
        }
        guard listen(listener, 1) == 0 else { throw Self.closing(listener, "cannot listen: \(Self.lastError())") }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }

    private static func closing(_ fd: Int32, _ message: String) -> GDBError {
        Glibc.close(fd)
        return GDBError(description: message)
    }

    /// Waits for gdb to connect (then stops listening).
    func accept() -> Bool {
        while true {
            let c = Glibc.accept(listener, nil, nil)
            if c >= 0 {
                fd = ReservedDescriptors.shared.adopt(c)  // out of the guest's reach
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                Glibc.close(listener)
                ReservedDescriptors.shared.release(listener)
                listener = -1
                return true
            }
            if errno != EINTR { return false }
        }
    }

    /// Closes the connection (gdb sees the end of the stream).
    func close() {
        if fd >= 0 { Glibc.close(fd); ReservedDescriptors.shared.release(fd); fd = -1 }
        if listener >= 0 { Glibc.close(listener); ReservedDescriptors.shared.release(listener); listener = -1 }
    }

    /// Whether an input is already buffered (no read needed).
    var hasBufferedInput: Bool {
        if !pending.isEmpty { return true }
        if let next = reader.next() { pending.append(next); return true }
        return false
    }

    /// The next input from gdb, reading as needed; nil when the connection ended.
    /// Acks and corrupt packets are handled here.
    func receive() -> RemoteInput? {
        while true {
            let input: RemoteInput
            if !pending.isEmpty {
                input = pending.removeFirst()
            } else if let next = reader.next() {
                input = next
            } else {
                guard fillBuffer() else { return nil }
                continue
            }
            switch input {
            case .ack(let ok): if !ok && !noAck && !lastSent.isEmpty { write(lastSent) }
            case .corrupt: if !noAck { write(Array("-".utf8)) }
            case .packet(let bytes):
                log("<-", bytes)
                if !noAck { write(Array("+".utf8)) }
                return input
            case .interrupt:
                log("<-", Array("^C".utf8))
                return input
            }
        }
    }

    /// Reads what is available into the parser; false at the end of the stream.
    private func fillBuffer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { reader.feed(buffer[0 ..< n]); return true }
            if n < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Sends one packet.
    func send(_ payload: String) { send(Array(payload.utf8)) }

    func send(_ payload: [UInt8]) {
        log("->", payload)
        lastSent = RemotePacket.frame(payload)
        write(lastSent)
    }

    /// Sends the final packet (exit status) and waits briefly for gdb's ack, so
    /// closing does not race gdb reading it.
    func sendFinal(_ payload: String) {
        send(payload)
        if !noAck {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 2000) > 0 { _ = fillBuffer() }
        }
        shutdown(fd, Int32(SHUT_WR))
    }

    private func write(_ bytes: [UInt8]) {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 { off += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }
}
