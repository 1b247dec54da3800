// glibc functions the Swift Glibc module does not export (declared only under
// _GNU_SOURCE). All take plain integers and pointers.

@_silgen_name("getrandom")
func host_getrandom(_ buffer: UnsafeMutableRawPointer, _ count: Int, _ flags: UInt32) -> Int

@_silgen_name("getdents64")
func host_getdents64(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int

@_silgen_name("statx")
func host_statx(_ dirfd: Int32, _ path: UnsafePointer<CChar>, _ flags: Int32, _ mask: UInt32,
                _ buffer: UnsafeMutableRawPointer) -> Int32

@_silgen_name("renameat2")
func host_renameat2(_ olddirfd: Int32, _ oldpath: UnsafePointer<CChar>, _ newdirfd: Int32,
                    _ newpath: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

@_silgen_name("pipe2")
func host_pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

@_silgen_name("dup3")
func host_dup3(_ old: Int32, _ new: Int32, _ flags: Int32) -> Int32

@_silgen_name("sysinfo")
func host_sysinfo(_ info: UnsafeMutableRawPointer) -> Int32

@_silgen_name("utimensat")
func host_utimensat(_ dirfd: Int32, _ path: UnsafePointer<CChar>?, _ times: UnsafeRawPointer?, _ flags: Int32) -> Int32
