"""Font clean-up: reportlab fills unused slots of a subset's ToUnicode map with U+0000.

PDF/UA forbids mappings to U+0000, U+FEFF and U+FFFE; those slots are never shown, so they go.
"""

from __future__ import annotations

import re

import pikepdf

_NULL = re.compile(rb"^<[0-9A-Fa-f]+>\s*<(0000|FEFF|FFFE)>\s*$", re.IGNORECASE)
_COUNT = re.compile(rb"^(\d+)\s+beginbfchar\s*$")


def clean_tounicode(pdf: pikepdf.Pdf) -> None:
    seen = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _, font in fonts.items():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            cmap.write(_without_nulls(cmap.read_bytes()))


def _without_nulls(data: bytes) -> bytes:
    """Drop null mappings inside each bfchar block and fix the block's entry count."""
    lines = data.split(b"\n")
    out: list[bytes] = []
    block_start = None
    for line in lines:
        match = _COUNT.match(line.strip())
        if match:
            block_start = len(out)
            out.append(line)
            continue
        if line.strip() == b"endbfchar" and block_start is not None:
            kept = len(out) - block_start - 1
            out[block_start] = b"%d beginbfchar" % kept
            if kept == 0:
                del out[block_start]
                block_start = None
                continue
            block_start = None
        elif block_start is not None and _NULL.match(line.strip()):
            continue
        out.append(line)
    return b"\n".join(out)
