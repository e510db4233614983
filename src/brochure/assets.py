"""Asset paths from content and brand files, confined to their folder and checked before use."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import did_you_mean

MAX_LISTED = 2_000      # files looked at for a "did you mean" suggestion
MAX_ASSET_BYTES = 64_000_000    # the largest real asset (the Japanese font) is about 4 MB


def default_assets() -> Path:
    """The brand assets that ship with the tool (brand.yml, fonts, colour profiles, logos, icons, map).

    An installed package carries them as `brochure/default_assets` (the wheel is built from the
    repository's assets/ folder, see pyproject.toml); run from a source checkout (an editable
    install) they are the repository's assets/ folder itself."""
    from importlib import resources

    packaged = Path(str(resources.files("brochure") / "default_assets"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "assets"


def resolve_asset(root: Path, rel: str, limit: int = MAX_ASSET_BYTES) -> Path:
    """`root/rel` if it stays inside `root` (after following links) and is a readable file.

    Refused: absolute paths, drive letters, addresses (nothing is ever fetched), `..` escapes and
    symbolic links that lead outside `root`. ValueError says what is wrong and what is expected."""
    rel = str(rel)
    folder = f"{root.name}/"
    if not rel.strip():
        raise ValueError(f"the asset path is empty; expected a file inside {folder}")
    if "\x00" in rel:
        raise ValueError(f"{rel!r}: a path cannot contain a NUL character")
    if "://" in rel or rel.lower().startswith(("data:", "file:", "mailto:", "javascript:")):
        raise ValueError(f"{rel!r}: assets are local files inside {folder}; addresses are never fetched")
    if rel.startswith(("/", "\\", "~")) or (len(rel) > 1 and rel[1] == ":"):
        raise ValueError(f"{rel!r}: asset paths are relative to {folder}; absolute paths are refused")
    try:
        root_real = root.resolve()
        candidate = root / rel
        real = candidate.resolve()
    except (OSError, RuntimeError) as exc:       # a link loop, a name too long
        raise ValueError(f"{rel!r}: cannot be followed ({getattr(exc, 'strerror', None) or exc})") from None
    if not real.is_relative_to(root_real):
        how = "through a symbolic link " if ".." not in Path(rel).parts else ""
        raise ValueError(f"{rel!r} points outside {folder} {how}and is refused; keep assets inside {folder}")
    if real.is_dir():
        raise ValueError(f"{rel!r} is a folder; expected a file")
    if not real.is_file():
        if os.path.lexists(real):
            raise ValueError(f"{rel!r} is not a regular file; expected a file")
        raise ValueError(f"{rel!r}: no such file{did_you_mean(rel, _files_under(root))}")
    try:
        size = real.stat().st_size
        with real.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise ValueError(f"{rel!r}: cannot be read ({exc.strerror}); check the file's permissions") from None
    if size > limit:
        raise ValueError(f"{rel!r}: is {size:,} bytes; an asset may be at most {limit:,}")
    return real


def _files_under(root: Path) -> list[str]:
    """Relative paths of (at most MAX_LISTED) files under `root`, for suggestions."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            found.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
            if len(found) >= MAX_LISTED:
                return found
    return found
