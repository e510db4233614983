"""On-disk cache of plain data (text, JSON, bytes), every entry verified whenever it is read.

An entry is one file named after its key: a header line, then the body. The header names the key the
entry was stored under and the length and SHA-256 of the body. A reader asks for a key and gets the
body only when the file is a regular file of bounded size whose header names that very key (two
swapped entries do not verify) and whose body has the recorded length and digest (a damaged or edited
entry does not verify). Anything that does not verify is deleted and reported as a miss, so the
caller rebuilds it and writes it again. Keys are content hashes of everything an entry depends on.

Entries are data only: nothing read from a cache folder is ever unpickled or executed, since that
folder can be pointed anywhere (BROCHURE_CACHE). Writes go through a temporary file in the same folder
and an atomic rename, so a reader never sees half a file and two processes writing the same entry
leave one complete copy; the temporary file's name carries the writer's process id, so the next build
can remove what a killed build left behind (see `remove_stale_temporaries`).

What keys are made of is here too: an installed package's version (`package_version`) and a file's
digest (`file_digest`). Every cache of the tool (logo and icon drawings, maps, hyphenation, line
breaks, Babel's answers, preflight findings, photographs, the compressed output profile) uses this
module.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
from pathlib import Path

MAGIC = b"brochure-cache 1"
MAX_ENTRY_BYTES = 32_000_000        # the largest real entry (the compressed ICC profile) is ~100 KB
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$")


def get_bytes(folder: Path | None, key: str) -> bytes | None:
    """The body stored under `key`, or None when there is no entry that verifies."""
    if folder is None or not _NAME.match(key):
        return None
    path = Path(folder) / key
    raw = read_regular(path, MAX_ENTRY_BYTES + 512)
    if raw is None:
        return None
    body = _verified(raw, key)
    if body is None:
        _discard(path)
    return body


def put_bytes(folder: Path | None, key: str, body: bytes) -> None:
    """Store `body` under `key` (atomically; a cache that cannot be written only costs time)."""
    if folder is None or not _NAME.match(key) or len(body) > MAX_ENTRY_BYTES:
        return
    header = b"%s %s %d %s\n" % (MAGIC, key.encode("ascii"), len(body), hashlib.sha256(body).hexdigest().encode())
    write_atomic(Path(folder), key, header + body)


def get_json(folder: Path | None, key: str):
    """A cached JSON value (plain data: dicts, lists, strings, numbers), or None."""
    body = get_bytes(folder, key)
    if body is None:
        return None
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        _discard(Path(folder) / key)
        return None


def put_json(folder: Path | None, key: str, value) -> None:
    try:
        body = json.dumps(value, separators=(",", ":"), allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):
        return              # not plain data: simply not cached
    put_bytes(folder, key, body)


def _verified(raw: bytes, key: str) -> bytes | None:
    header, newline, body = raw.partition(b"\n")
    if not newline:
        return None
    parts = header.split(b" ")
    if len(parts) != 5 or b" ".join(parts[:2]) != MAGIC or parts[2] != key.encode("ascii"):
        return None
    if not parts[3].isdigit() or int(parts[3]) != len(body):
        return None
    if hashlib.sha256(body).hexdigest().encode() != parts[4]:
        return None
    return body


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of `path` if it is a regular file of at most `limit` bytes, else None.

    Never blocks on a named pipe or a device and never follows a symbolic link at the last step."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _discard(path: Path) -> None:
    try:
        if path.is_file() and not path.is_symlink():
            path.unlink()
    except OSError:
        pass


def temporary_prefix(name: str) -> str:
    """Prefix of a temporary file for `name` written by this process: `.<name>.<pid>.`"""
    return f".{name}.{os.getpid()}."


def write_atomic(folder: Path, name: str, data: bytes) -> None:
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=temporary_prefix(name), suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / name)
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


_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


def remove_stale_temporaries(folder: Path | None) -> int:
    """Delete temporary files in `folder` left by writers that no longer run (a killed build).

    Their names carry the writer's process id (`.<name>.<pid>.<random>.tmp`); a file whose writer is
    still alive is another build at work and stays. Returns how many files were removed."""
    if folder is None:
        return 0
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        found = _TEMPORARY.match(name)
        if not found or _alive(int(found.group(1))):
            continue
        path = Path(folder) / name
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True         # someone else's process: leave its files alone
    return True


_VERSIONS: dict[str, str] = {}


def package_version(name: str) -> str:
    """An installed package's version without importing it: from the .dist-info folder beside it
    (cheap), else from importlib.metadata (slower on first use), else "?"."""
    if name not in _VERSIONS:
        import importlib.util

        found = None
        try:
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin:
                site = Path(spec.origin).parent.parent
                prefix = name.lower().replace("-", "_") + "-"
                for entry in os.listdir(site):
                    low = entry.lower()
                    if low.startswith(prefix) and low.endswith(".dist-info"):
                        found = entry[len(prefix):-len(".dist-info")]
                        break
        except (ImportError, OSError, ValueError):
            pass
        if found is None:
            from importlib.metadata import PackageNotFoundError, version

            try:
                found = version(name)
            except PackageNotFoundError:
                found = "?"
        _VERSIONS[name] = found
    return _VERSIONS[name]


# path -> ((mtime_ns, size), digest): a font replaced while `watch` runs gets a new digest.
_DIGESTS: dict[str, tuple[tuple[int, int], str]] = {}


def file_digest(path: str) -> str:
    """SHA-256 of a file's bytes, worked out again only when its modification time or size changes."""
    st = os.stat(path)
    stamp = (st.st_mtime_ns, st.st_size)
    known = _DIGESTS.get(path)
    if known is None or known[0] != stamp:
        known = (stamp, hashlib.sha256(Path(path).read_bytes()).hexdigest())
        _DIGESTS[path] = known
    return known[1]
