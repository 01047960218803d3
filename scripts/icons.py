#!/usr/bin/env python3
"""Draws Outbox's icons (public/icons/*.png): an arrow rising out of a tray, white on blue, as plain
PNG with the standard library only. The maskable one keeps its glyph inside the safe zone."""
import struct
import zlib
from pathlib import Path

BLUE, WHITE = (29, 78, 216), (255, 255, 255)


def icon(size: int, glyph: float) -> bytes:
    g = int(size * glyph)
    o = (size - g) // 2
    t = max(2, size // 24)
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            lx, ly = x - o, y - o
            inside = 0 <= lx < g and 0 <= ly < g
            tray = ly >= g * 0.55 and (lx < t or lx >= g - t or ly >= g - t)
            rim = g * 0.55 <= ly < g * 0.55 + t and (lx < g * 0.3 or lx >= g * 0.7)
            shaft = abs(lx - g / 2) < t and g * 0.12 <= ly < g * 0.7
            head = g * 0.12 <= ly < g * 0.35 and abs(lx - g / 2) <= (ly - g * 0.12) * 0.9
            row += bytes(WHITE if inside and (tray or rim or shaft or head) else BLUE)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "public" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for name, size, glyph in [("icon-192", 192, 0.8), ("icon-512", 512, 0.8), ("maskable-512", 512, 0.55), ("apple-touch-icon", 180, 0.8)]:
        (out / f"{name}.png").write_bytes(icon(size, glyph))
