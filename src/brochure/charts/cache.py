"""On-disk chart cache: one SVG file per key, written atomically, checked when read.

Beside the SVGs live the converted reportlab drawings (one per chart and edition colour mapping),
pickled, so a warm build skips SVG parsing too. Both kinds are written the same way: a temporary
file in the same folder, then an atomic rename, so a reader never sees half a file and two
processes writing the same entry leave one complete copy.
"""

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
    _write(Path(cache_dir), f"{key}.svg", svg.encode("utf-8"))


def get_bytes(cache_dir: Path, name: str) -> bytes | None:
    """A cached binary entry (a pickled drawing), or None when absent or unreadable."""
    try:
        return (Path(cache_dir) / name).read_bytes()
    except OSError:
        return None


def put_bytes(cache_dir: Path, name: str, data: bytes) -> None:
    _write(Path(cache_dir), name, data)


def _write(cache_dir: Path, name: str, data: bytes) -> None:
    tmp = None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, cache_dir / name)
        tmp = None
    except OSError:
        # A cache that cannot be written only costs time, never the build.
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
