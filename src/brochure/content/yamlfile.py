"""Safe YAML loading that remembers where every value came from (file, line, column).

Plain data only (no object construction), duplicate keys refused, alias expansion bounded so a
"billion laughs" file is rejected at once, and files above a size limit refused before parsing.
Only regular files inside the project are read (never a pipe, a device or a link to elsewhere), the
encoding is recognised before anything is parsed, unordered YAML types (!!set) are refused, and
text holding control characters or bidirectional-override characters is refused where it is written.
The parsing itself is in yamlparse.py, imported only where a file is read.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from ..errors import ContentError, Problem

MAX_FILE_BYTES = 2_000_000
MAX_ALIASES = 100
MAX_DEPTH = 40
MAX_VALUES = 200_000     # values after alias expansion: a 1,000-row directory is ~10,000


# Where a value was written: (line, column, file), the line and column 1-based (None: not known).
Where = tuple[int | None, int | None, str]


class Located:
    """Mixin giving dicts and lists a `where` map: key/index -> (line, column, file), 1-based.

    The file is kept per key because a mission overlay merges values from several files; `origin`
    (key/index -> dotted path, set by merging) keeps the path under which that file wrote the value,
    and `empty` (key -> (where, path)) the fields a translation file left empty, still to translate."""

    source: str = ""
    start: tuple[int | None, int | None] = (0, 0)
    where: dict[Any, Where]
    # Set only where they apply (read with getattr(node, name, None)):
    origin: dict[Any, str]
    empty: dict[Any, tuple[Where, str]]
    translated_from: str                # a translated text: the translation file it came from


class LDict(dict[Any, Any], Located):
    """A mapping loaded from YAML (or merged from several files): its values are whatever the files hold."""


class LList(list[Any], Located):
    """A list loaded from YAML (or merged from several files)."""


# Characters refused in text: C0 and C1 control characters (tab, line feed and carriage return are
# whitespace YAML itself uses) and the bidirectional controls, which reorder what a reader sees
# without being visible. Joiners (U+200C, U+200D) and the soft hyphen (U+00AD) are allowed.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                      "\u2066-\u2069]")


def refused_character(text: str) -> str | None:
    """What is wrong with `text` if it holds a character content must not contain, else None."""
    found = _REFUSED.search(text)
    if found is None:
        return None
    ch = found.group()
    what = "a line or paragraph separator" if ch in "\u2028\u2029" else \
        "a bidirectional control character" if ch in "\u061c\u200e\u200f" or ord(ch) >= 0x202a else \
        "a control character"
    return (f"holds {what} (U+{ord(ch):04X}) at character {found.start() + 1}, which would print as a stray "
            "mark or change how the text reads; remove it")


def display_path(path: Path, root: Path | None = None) -> str:
    """`path` relative to `root` (default: the working folder), named as written: a symbolic link is
    shown by its own name, not by where it leads."""
    path = Path(path)
    try:
        return str((path.parent.resolve() / path.name).relative_to((root or Path.cwd()).resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def read_project_file(path: Path, root: Path | None, limit: int, name: str | None = None) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes inside `root` (the project).

    Checked before reading: a named pipe would block forever and a device (/dev/zero) never ends, and
    a symbolic link may lead outside the project; each is refused with a message that names the file
    and never shows what is in it."""
    name = name or display_path(path, root)

    def refuse(message: str, line: int | None = None, col: int | None = None) -> ContentError:
        return ContentError([Problem(name, line, col, "", message)])

    if root is not None:
        try:
            outside = not Path(path).resolve().is_relative_to(Path(root).resolve())
        except (OSError, RuntimeError):
            raise refuse("cannot be followed (a loop of symbolic links?)") from None
        if outside:
            raise refuse("leads outside the project through a symbolic link and is not read; "
                         "keep the file itself in the project")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise refuse("is a folder; expected a file")
        if not stat.S_ISREG(info.st_mode):
            raise refuse("is not a regular file (a pipe, a socket or a device) and is not read")
        if info.st_size > limit:
            raise refuse(f"the file is {info.st_size:,} bytes; at most {limit:,} are accepted "
                         "(split it or shorten it)", 1, 1)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise refuse(f"the file is more than {limit:,} bytes; at most {limit:,} are accepted", 1, 1)
    return raw


_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\xfe\xff", "UTF-16"),
         (b"\xff\xfe", "UTF-16"))


def _other_encoding(raw: bytes) -> str | None:
    """The encoding of a text file that is not UTF-8 but says what it is (a byte-order mark) or shows
    it (NUL bytes between ASCII letters: UTF-16 or UTF-32 without a mark)."""
    for bom, what in _BOMS:
        if raw.startswith(bom):
            return what
    head = raw[:400]
    if head.count(b"\x00") > len(head) // 4:
        return "UTF-32" if head.count(b"\x00\x00\x00") > len(head) // 8 else "UTF-16"
    return None


def load_yaml(path: Path, root: Path | None = None) -> LDict | LList:
    """Load one YAML file into LDict/LList values; raise ContentError with every problem found."""
    name = display_path(path, root)
    raw = read_project_file(Path(path), root, MAX_FILE_BYTES, name)
    other = _other_encoding(raw)
    if other:
        raise ContentError([Problem(name, 1, 1, "", f"the file is saved as {other}, not UTF-8; save it as UTF-8 "
                                                    "(in most editors: Save with encoding, UTF-8)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError([Problem(name, line, col, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot "
                                                         "start a character); save the file as UTF-8")]) from None
    from .yamlparse import parse    # PyYAML, imported where a file is read (see yamlparse)

    data = parse(text, name)
    if data is None:
        data = LDict()
        data.source, data.where, data.start = name, {}, (1, 1)
    if not isinstance(data, (LDict, LList)):
        raise ContentError([Problem(name, 1, 1, "", f"holds a single value ({_single(data)}); a content file is a "
                                                    "mapping of keys to values (key: value lines)")])
    return data


def _single(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def locate(data: object, loc: tuple[object, ...]) -> tuple[str, int | None, int | None]:
    """Walk a pydantic error location through loaded data to the nearest known position."""
    node: Any = data        # loaded data, indexed where it can be (a missing key ends the walk)
    source: str = getattr(data, "source", "")
    line: int | None = None
    col: int | None = None
    if isinstance(node, Located):
        line, col = node.start
    for key in loc:
        where = getattr(node, "where", None)
        if where is None:
            break
        if key in where:
            line, col, source = where[key]
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, Located) and not node.where and node.start[0] is not None:
                # a value built by merging (a translated text): it knows where it was written
                line, col = node.start
                source = node.source or source
        else:
            # a discriminated-union tag or a missing field: stay at the enclosing node
            continue
    return source, line, col


def dotted(loc: Iterable[object]) -> str:
    """("sections", 1, "items") -> "sections[1].items"."""
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def user_path(data: object, loc: tuple[object, ...]) -> str:
    """The path of `loc` as the person wrote it: a value a mission set is named by the mission's path
    (`overrides.cover.kicker`), not by where it landed in the merged brochure (`sections[0].kicker`)."""
    node: Any = data
    prefix: str | None = None
    rest: list[object] = []
    for key in loc:
        origin = getattr(node, "origin", None)
        if origin and key in origin:
            prefix, rest = origin[key], []
        else:
            rest.append(key)
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None     # a missing field: the rest of the path is named as the model names it
    if prefix is None:
        return dotted(loc)
    tail = dotted(rest)
    return prefix + ("" if not tail else tail if tail.startswith("[") else "." + tail)
