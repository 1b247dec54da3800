// glibc functions the Swift Glibc module does not export (declared only under
// _GNU_SOURCE). All take plain integers and pointers.

@_silgen_name("getrandom")
func host_getrandom(_ buffer: UnsafeMutableRawPointer, _ count: Int, _ flags: UInt32) -> Int

@_silgen_name("sysinfo")
func host_sysinfo(_ info: UnsafeMutableRawPointer) -> Int32

@_silgen_name("statfs")
func host_statfs(_ path: UnsafePointer<CChar>, _ buffer: UnsafeMutableRawPointer) -> Int32
