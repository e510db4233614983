"""What the content pass and the text pass found on each page, kept between builds of the same PDF: a
page whose content stream, resources and object numbers are those of a page seen in the last build is
neither walked nor read again.

A page's digest covers everything the content pass reads for it: the page dictionary and every object
reachable from it (content streams, fonts and their files, images, forms, patterns, colour spaces,
annotations with their appearances), with their object numbers (findings name objects by number) and
the raw bytes of every stream; other pages reachable through a link stop at their object number. The
key adds the passes' settings, their own source and the versions of the libraries they read the PDF
with, so a changed rule starts afresh. What is kept is plain data (JSON) in the cache folder, read
through the cache's own checks; a page that could not be read, or whose findings are not plain data,
is never kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from pathlib import Path
from typing import Any

import pikepdf

from . import common, content
from .common import _TextScan
from .content import _FontUse, _Scan

# The fields of _Scan this module knows how to keep: every one but `fonts` is keyed by page number or
# by (page number, ...). A field added to _Scan turns the cache off until it is listed here.
_PAGE_FIELDS = ("rgb", "rgb_group", "rich_black", "ink_vector", "ink_image", "ppi", "hairline", "zero_width",
                "errors", "small_tint", "reversed_small", "knockout_black")
_KNOWN = set(_PAGE_FIELDS) | {"fonts"}
_VERSION = "2"


class _Uncachable(Exception):
    pass


class PageCache:
    """The kept findings of one PDF (say the print edition of the base brochure) for one profile."""

    def __init__(self, folder: Path | None, document: str, settings: tuple[Any, ...]):
        self.folder = folder
        self.enabled = folder is not None and {f.name for f in fields(_Scan)} == _KNOWN
        code = hashlib.sha256(_VERSION.encode())
        for source in (content.__file__, common.__file__, Path(__file__).with_name("text.py")):
            code.update(Path(source or "").read_bytes())
        code.update(pikepdf.__version__.encode())
        code.update(_installed("pypdfium2_raw").encode())     # pdfium, not imported here (the text pass is elsewhere)
        code.update(repr(settings).encode())
        self.salt = code.digest()
        self.name = "preflight-pages-" + hashlib.sha256(document.encode("utf-8")).hexdigest()[:32] + ".json"
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        if self.enabled:
            from .. import cache

            data = cache.get_json(folder, self.name)
            self.old = data if isinstance(data, dict) else {}
        self._digests: dict[tuple[int, int], bytes] = {}

    def key(self, page: pikepdf.Page) -> str | None:
        if not self.enabled or "/Resources" not in page.obj:    # inherited resources: not followed here
            return None
        try:
            return hashlib.sha256(self.salt + self._digest(page.obj, root=True, visiting=set())).hexdigest()
        except (pikepdf.PdfError, RecursionError, ValueError, TypeError):
            return None

    def replay(self, scan: _Scan, pageno: int, key: str | None) -> bool:
        """Put what was kept for this page into `scan`; False when nothing was kept for it."""
        entry = self.old.get(key) if key else None
        if not isinstance(entry, dict) or self.text_of(key, pageno) is None:
            return False
        try:
            fonts = [(tuple(objgen), name, embedded, why) for objgen, name, embedded, why in entry["fonts"]]
            found = [(name, _decode(k), _decode(v)) for name, k, v in entry["fields"]]
        except (KeyError, TypeError, ValueError):
            return False
        if not all(name in _PAGE_FIELDS for name, _, _ in found):
            return False
        for objgen, name, embedded, why in fonts:
            use = scan.fonts.get(objgen)
            if use is None:
                use = scan.fonts[objgen] = _FontUse(name, embedded, why)
            use.pages.add(pageno)
        for name, k, v in found:
            getattr(scan, name)[_page_key(k, pageno)] = v
        self.new[str(key)] = entry
        return True

    def text_of(self, key: str | None, pageno: int) -> _TextScan | None:
        """What the text pass found on the page kept under `key`, as page `pageno` read alone."""
        entry = self.old.get(key) if key else None
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), dict):
            return None
        try:
            text = entry["text"]
            found = _TextScan(n_chars=text["n"])
            if text["min"] is not None:
                found.min_size[pageno] = _decode(text["min"])
            if text["safe"] is not None:
                found.safe[pageno] = _decode(text["safe"])
        except (KeyError, TypeError, ValueError):
            return None
        return found if type(found.n_chars) is int else None

    def record_text(self, key: str | None, pageno: int, found: _TextScan) -> None:
        """Keep what the text pass found on page `pageno` (read alone), beside its content pass."""
        entry = self.new.get(key) if key else None
        if entry is None or "fonts" not in entry or set(found.min_size) - {pageno} or set(found.safe) - {pageno}:
            return
        try:
            entry["text"] = {"n": found.n_chars, "min": _encode(found.min_size.get(pageno)),
                             "safe": _encode(found.safe.get(pageno))}
        except _Uncachable:
            del self.new[str(key)]

    def record(self, scan: _Scan, pageno: int, key: str | None) -> None:
        """Keep what the content pass found on this page (unless it could not read all of it)."""
        if not key or scan.errors.get(pageno):
            return
        try:
            fonts = []
            for objgen, use in scan.fonts.items():
                if pageno in use.pages:
                    if not (isinstance(objgen, tuple) and len(objgen) == 2):
                        raise _Uncachable       # a direct font object: no number to find it by again
                    fonts.append([list(objgen), use.name, use.embedded, use.why])
            found = []
            for name in _PAGE_FIELDS:
                for k, v in getattr(scan, name).items():
                    if k == pageno:
                        found.append([name, None, _encode(v)])
                    elif isinstance(k, tuple) and k and k[0] == pageno:
                        found.append([name, _encode(k[1:]), _encode(v)])
        except _Uncachable:
            return
        self.new[key] = {"fonts": fonts, "fields": found}

    def save(self) -> None:
        self.new = {k: v for k, v in self.new.items() if "text" in v}      # only pages both passes read
        if self.enabled and self.new and self.new != self.old:
            from .. import cache

            cache.put_json(self.folder, self.name, self.new)

    # ---- the digest
    def _digest(self, obj: Any, root: bool = False, visiting: set[tuple[int, int]] | None = None) -> bytes:
        visiting = visiting if visiting is not None else set()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            objgen = obj.objgen
            if objgen in self._digests:
                return b"R" + repr(objgen).encode() + self._digests[objgen]
            if objgen in visiting or (not root and _is_page(obj)):
                return b"R" + repr(objgen).encode()
            visiting.add(objgen)
            digest = hashlib.sha256(self._direct(obj, visiting)).digest()
            visiting.discard(objgen)
            if not root:
                self._digests[objgen] = digest
            return b"R" + repr(objgen).encode() + digest
        return self._direct(obj, visiting)

    def _direct(self, obj: Any, visiting: set[tuple[int, int]]) -> bytes:
        if isinstance(obj, pikepdf.Stream):
            head = self._dictionary(obj.stream_dict, visiting)
            return b"S" + head + hashlib.sha256(obj.read_raw_bytes()).digest()
        if isinstance(obj, pikepdf.Dictionary):
            return self._dictionary(obj, visiting)
        if isinstance(obj, pikepdf.Array):
            return b"A[" + b",".join(self._digest(item, visiting=visiting) for item in obj) + b"]"
        if isinstance(obj, pikepdf.Object):
            return b"O" + obj.unparse()
        return b"V" + repr((type(obj).__name__, obj)).encode()

    def _dictionary(self, obj: Any, visiting: set[tuple[int, int]]) -> bytes:
        parts = [k.encode() + b"=" + self._digest(obj.get(k), visiting=visiting)
                 for k in sorted(obj.keys()) if k != "/Parent"]
        return b"D{" + b",".join(parts) + b"}"


def _is_page(obj: Any) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Page


def _page_key(rest: Any, pageno: int) -> Any:
    return pageno if rest is None else (pageno, *rest)


def _encode(value: Any) -> Any:
    """Plain JSON with tuples told apart from lists (the checks unpack and compare them)."""
    if isinstance(value, tuple):
        return {"t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise _Uncachable


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) != {"t"} or not isinstance(value["t"], list):
            raise ValueError("not an encoded tuple")
        return tuple(_decode(v) for v in value["t"])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _installed(package: str) -> str:
    """Names, sizes and dates of an installed package's files (changes when it is upgraded)."""
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return "-"
    if spec is None or not spec.submodule_search_locations:
        return "-"
    folder = Path(list(spec.submodule_search_locations)[0])
    parts = []
    for item in sorted(folder.iterdir()):
        try:
            st = item.stat()
        except OSError:
            continue
        parts.append(f"{item.name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)
