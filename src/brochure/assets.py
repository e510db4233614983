"""Asset paths from content and brand files, confined to their folder and checked before use."""

from __future__ import annotations

from pathlib import Path

from .errors import did_you_mean


def resolve_asset(root: Path, rel: str) -> Path:
    """`root/rel` if it stays inside `root` (after following links) and is a readable file."""
    rel = str(rel)
    if not rel or rel.startswith(("/", "\\")) or (len(rel) > 1 and rel[1] == ":"):
        raise ValueError(f"{rel!r}: asset paths are relative to {root.name}/, absolute paths are refused")
    if "://" in rel:
        raise ValueError(f"{rel!r}: assets are local files; addresses are never fetched")
    root_real = root.resolve()
    candidate = (root / rel)
    real = candidate.resolve()
    if not real.is_relative_to(root_real):
        raise ValueError(f"{rel!r} points outside {root.name}/ and is refused")
    if not real.is_file():
        siblings = []
        if candidate.parent.is_dir():
            siblings = [str(p.relative_to(root)) for p in candidate.parent.iterdir() if p.is_file()]
        raise ValueError(f"{rel!r}: no such file{did_you_mean(rel, siblings)}")
    try:
        with real.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise ValueError(f"{rel!r}: cannot be read ({exc.strerror})") from None
    return real
