#!/usr/bin/env python3
"""Decodes an 8-bit RGB/RGBA PNG (no external modules) and prints
`WIDTH HEIGHT DISTINCT_COLOURS` followed by one line per requested colour
(`#rrggbb yes|no`: whether some pixel has exactly that colour).

usage: png_colors.py FILE.png [#rrggbb ...]
"""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("png_colors: %s is not a PNG" % path)
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        sys.exit("png_colors: only 8-bit non-interlaced RGB/RGBA PNGs are supported")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    pixels = set()
    for y in range(height):
        base = y * (stride + 1)
        kind = raw[base]
        row = bytearray(raw[base + 1:base + 1 + stride])
        for i in range(stride):
            left = row[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                row[i] = (row[i] + left) & 255
            elif kind == 2:
                row[i] = (row[i] + up) & 255
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                row[i] = (row[i] + pred) & 255
        for x in range(0, stride, bpp):
            pixels.add(bytes(row[x:x + 3]))
        previous = row
    return width, height, pixels


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    width, height, pixels = decode(sys.argv[1])
    print(width, height, len(pixels))
    for colour in sys.argv[2:]:
        rgb = bytes.fromhex(colour.lstrip("#"))
        print(colour, "yes" if rgb in pixels else "no")


if __name__ == "__main__":
    main()
