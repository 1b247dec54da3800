#if canImport(Glibc)
import Glibc
#endif

/// Process and thread ids as the guest sees them. A guest started by Tern
/// sees its host ids unchanged. A restored guest keeps the ids it had at the
/// checkpoint (docs/CHECKPOINT.md): its process id and thread ids are then
/// mapped to those of the host process and threads that run it wherever an
/// id reaches the host kernel, and host ids of its own process (a process
/// group or session it leads) are shown as the guest's. Other processes'
/// ids are host ids, both ways.
extension SyscallHandler {
    /// The host id for process or thread id `id` named by the guest.
    func hostID(_ id: Int32) -> Int32 {
        let host = Int32(getpid())
        guard pid != host else { return id }
        if let t = threads[id], t.hostTID != 0 { return t.hostTID }
        return id == pid ? host : id
    }

    /// The guest's id for a host process id a host call returned.
    func guestID(_ id: Int32) -> Int32 {
        id == Int32(getpid()) ? pid : id
    }

    /// A host call result that is a process id, shown as the guest's.
    func guestIDResult(_ r: Int64) -> Int64 {
        r > 0 ? Int64(guestID(Int32(truncatingIfNeeded: r))) : r
    }
}
