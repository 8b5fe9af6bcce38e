"""Writes the PNG folder fixtures of Tests/GalenDataTests/Fixtures/png with Python's zlib and struct only
(no imaging library), and expected.json with each valid image's values as Galen should read them:
[C, H, W] in [0, 1], 8-bit / 255, 16-bit / 65535, palette expanded to RGB, alpha dropped.

Usage: python3 scripts/make_png_fixtures.py   (deterministic; rerun to regenerate)
"""
import json
import os
import random
import shutil
import struct
import zlib

ROOT = os.path.join(os.path.dirname(__file__), "..", "Tests", "GalenDataTests", "Fixtures", "png")


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, colour_type, depth, rows, palette=None):
    """rows: one list of samples per row (already interleaved per pixel); returns the file's bytes."""
    raw = b""
    for row in rows:
        if depth == 16:
            raw += b"\x00" + struct.pack(">%dH" % len(row), *row)
        else:
            raw += b"\x00" + bytes(row)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0))
    if palette is not None:
        out += chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    return out + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def write(relative, data):
    path = os.path.join(ROOT, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


rng = random.Random(2026)
expected = {}


def image(relative, width, height, kind):
    """Writes one random image of `kind` and records the values Galen should read."""
    planes = None
    if kind == "grey8":
        px = [[rng.randrange(256) for _ in range(width)] for _ in range(height)]
        data = png(width, height, 0, 8, px)
        planes = [[[v / 255 for v in r] for r in px]]
    elif kind == "grey16":
        px = [[rng.randrange(65536) for _ in range(width)] for _ in range(height)]
        data = png(width, height, 0, 16, px)
        planes = [[[v / 65535 for v in r] for r in px]]
    elif kind == "greyalpha8":
        px = [[(rng.randrange(256), rng.randrange(256)) for _ in range(width)] for _ in range(height)]
        data = png(width, height, 4, 8, [[s for p in r for s in p] for r in px])
        planes = [[[p[0] / 255 for p in r] for r in px]]
    elif kind in ("rgb8", "rgba8", "rgba16"):
        depth, top = (16, 65535) if kind == "rgba16" else (8, 255)
        alpha = kind != "rgb8"
        # 16-bit alpha stays well above 0: libpng returns 16-bit colour premultiplied by alpha.
        px = [[tuple(rng.randrange(top + 1) for _ in range(3))
               + ((rng.randrange(top // 2, top + 1),) if alpha else ()) for _ in range(width)] for _ in range(height)]
        data = png(width, height, 6 if alpha else 2, depth, [[s for p in r for s in p] for r in px])
        planes = [[[p[ch] / top for p in r] for r in px] for ch in range(3)]
    elif kind == "palette":
        palette = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(5)]
        idx = [[rng.randrange(5) for _ in range(width)] for _ in range(height)]
        data = png(width, height, 3, 8, idx, palette=palette)
        planes = [[[palette[i][ch] / 255 for i in r] for r in idx] for ch in range(3)]
    else:
        raise ValueError(kind)
    write(relative, data)
    expected[relative] = {"channels": len(planes), "height": height, "width": width,
                          "values": [round(v, 7) for plane in planes for r in plane for v in r]}


if os.path.isdir(ROOT):
    shutil.rmtree(ROOT)

# Grey folder: 8-bit, 16-bit and grey+alpha mixed freely (same channels, same 5×4 size); a non-PNG file is skipped.
image("grey/normal/a.png", 5, 4, "grey8")
image("grey/normal/b.png", 5, 4, "grey16")
image("grey/pneumonia/c.png", 5, 4, "greyalpha8")
write("grey/pneumonia/notes.txt", b"not an image\n")
# Colour folder: RGB, RGBA (8 and 16-bit) and palette images, 3×6.
image("rgb/benign/x.png", 3, 6, "rgb8")
image("rgb/benign/y.png", 3, 6, "palette")
image("rgb/malignant/z.png", 3, 6, "rgba8")
image("rgb/malignant/zz.png", 3, 6, "rgba16")
# Errors: a grey and an RGB image; two sizes; a corrupt file (bad IDAT CRC); a class folder without PNGs.
image("mixed_channels/a/one.png", 4, 4, "grey8")
image("mixed_channels/b/two.png", 4, 4, "rgb8")
image("mixed_size/a/one.png", 4, 4, "grey8")
image("mixed_size/a/two.png", 5, 4, "grey8")
image("corrupt/a/good.png", 4, 4, "grey8")
bad = bytearray(png(4, 4, 0, 8, [[1, 2, 3, 4]] * 4))
bad[-20] ^= 0xFF  # inside the IDAT chunk: its CRC no longer matches
write("corrupt/a/bad.png", bytes(bad))
write("not_png/a/fake.png", b"GIF89a this is not a PNG")
image("empty_class/a/one.png", 4, 4, "grey8")
write("empty_class/b/.keep", b"")
for broken in ("mixed_channels", "mixed_size", "corrupt", "not_png", "empty_class"):
    for k in [k for k in expected if k.startswith(broken + "/")]:
        del expected[k]

with open(os.path.join(ROOT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"wrote {ROOT}")
