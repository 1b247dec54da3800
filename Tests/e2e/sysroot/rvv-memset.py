# Buffers that CPython fills with memset (a one-byte bytes/bytearray/str repeated,
# bytearray(n), bytes.ljust): with hwprobe reporting V, glibc 2.43's memset ifunc
# picks __memset_vector (vsetvli e8,m8 / vse8.v), so every length below runs
# through the vector loop, including partial last groups at every VLEN.
# The digests (hashlib: OpenSSL) and the checks print the same on any machine.
import hashlib

sizes = list(range(0, 80)) + [127, 128, 129, 255, 256, 257, 511, 512, 513, 1023, 1024,
                              1025, 2047, 2048, 2049, 4095, 4096, 4097, 65535, 65536,
                              65537, 1000003]
total = hashlib.sha256()
bad = 0
for i, n in enumerate(sizes):
    fill = (i * 37 + 11) % 256
    a = bytes([fill]) * n
    b = bytearray(n)
    c = b"<" + b"".ljust(n, bytes([fill ^ 0x5A])) + b">"
    d = chr(32 + fill % 90) * n
    if len(a) != n or a.count(fill) != n or any(b) or len(c) != n + 2 or c[0] != 60 or c[-1] != 62:
        bad += 1
    if c[1:-1].count(fill ^ 0x5A) != n or d.count(chr(32 + fill % 90)) != n:
        bad += 1
    for part in (a, bytes(b), c, d.encode()):
        total.update(len(part).to_bytes(8, "little"))
        total.update(part)
    if n in (0, 1, 63, 129, 4097, 1000003):
        print(n, fill, hashlib.sha256(a).hexdigest()[:16], hashlib.sha256(c).hexdigest()[:16])
print("sizes", len(sizes), "bad", bad)
print("total", total.hexdigest())
