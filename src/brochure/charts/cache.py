"""On-disk chart cache: one SVG file per key, written atomically, checked when read."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_END = "</svg>"


def get(cache_dir: Path, key: str) -> str | None:
    """The cached SVG, or None when absent or damaged (a damaged entry is simply redrawn)."""
    path = Path(cache_dir) / f"{key}.svg"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.lstrip().startswith(("<?xml", "<svg")) or not text.rstrip().endswith(_END):
        return None
    return text


def put(cache_dir: Path, key: str, svg: str) -> None:
    """Write the entry via a temporary file and rename, so readers never see half a file."""
    cache_dir = Path(cache_dir)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{key}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(svg)
        os.replace(tmp, cache_dir / f"{key}.svg")
    except OSError:
        # A cache that cannot be written only costs time, never the build.
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass
