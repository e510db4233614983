"""Writing the files the tool hands to people (starter files, schemas, previews): never through a
symbolic link, never half-written, a failed write is one line naming the file.

A new file (`create_new`) is created with O_EXCL and O_NOFOLLOW: it never follows a link, not even a
dangling one, and never replaces a file. A regenerated file (`replace_file`) is written beside its
target and renamed over it, which replaces a link rather than writing where it points."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ContentError, Problem, write_error


def create_new(path: Path, text: str, project: Path, shown: str, exists_hint: str) -> Path:
    """Create `path` with `text`; its folder must resolve inside `project`. `shown` names the file
    in messages; `exists_hint` says what to do when it exists already."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.resolve().is_relative_to(Path(project).resolve()):
            from .content.yamlfile import display_path

            raise ContentError([Problem(display_path(folder), None, None, "", "leads outside the project through "
                                        "a symbolic link; nothing is written there")])
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        what = "is a symbolic link" if path.is_symlink() else "exists already"
        raise ContentError([Problem(shown, None, None, "", f"{what}; {exists_hint}")]) from None
    except OSError as exc:
        raise write_error(exc, path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise write_error(exc, path) from None
    return path


# What makes a folder someone named unusable: a file on the way, a name too long, a loop of links.
_NOT_A_FOLDER = {"ENOTDIR", "EEXIST", "ENAMETOOLONG", "ELOOP"}


def output_folder(folder: Path, argument: str = "--output") -> Path:
    """`folder` made if need be; a path that cannot be a folder is the mistake of whoever named it
    (exit 2, naming `argument`), not a failed write."""
    import errno

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if errno.errorcode.get(exc.errno or 0) in _NOT_A_FOLDER or isinstance(exc, FileExistsError):
            reason = "is a file, not a folder" if exc.errno in (errno.EEXIST, errno.ENOTDIR) else \
                (exc.strerror or type(exc).__name__).lower()
            raise ContentError([Problem(str(folder)[:200], None, None, argument,
                                        f"{reason}; give {argument} a folder")]) from None
        raise write_error(exc, folder) from None
    return folder


def replace_file(path: Path, data: bytes) -> Path:
    """Write `data` as `path`, whole or not at all (a link at `path` is replaced, not followed)."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        raise ContentError([Problem(str(path), None, None, "", "is a folder where the file goes; move it away")])
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise write_error(exc, path) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return path
