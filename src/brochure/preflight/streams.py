"""Bounds on what the preflight decompresses: every stream's decoded size is known before any pass
reads it, so a small file whose streams inflate to gigabytes is a FAIL, not a long wait.

Flate data (nearly every stream) is inflated with an output cap, which stops at the cap instead of
inflating everything; other filters are bounded by the most they can expand their input.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import pikepdf

from .common import _get, _name, _num

MAX_STREAM = 64 * 1024 * 1024       # decoded bytes of one stream that is not an image (content, font, profile)
MAX_IMAGE = 1024 * 1024 * 1024      # decoded bytes of one image (a 300 ppi A2 CMYK image is ~130 MB)
MAX_TOTAL = 2 * 1024 * 1024 * 1024  # decoded bytes of all streams together
_CHUNK = 1024 * 1024
# The most one byte of input can become through each filter (Flate's own limit is 1032:1).
_EXPANSION = {"/ASCIIHexDecode": 1, "/AHx": 1, "/ASCII85Decode": 1, "/A85": 1, "/RunLengthDecode": 128,
              "/RL": 128, "/LZWDecode": 4096, "/LZW": 4096, "/FlateDecode": 1032, "/Fl": 1032,
              "/DCTDecode": 1, "/DCT": 1, "/JPXDecode": 1, "/JBIG2Decode": 1, "/CCITTFaxDecode": 1, "/CCF": 1}
_IMAGE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/CCF"}


@dataclass(frozen=True)
class Oversized:
    objgen: tuple[int, int]
    what: str       # "image", "stream"
    message: str


def _filters(stream) -> list[str]:
    f = _get(stream, "/Filter")
    if isinstance(f, pikepdf.Array):
        return [str(x) for x in f]
    return [str(f)] if f is not None else []


def _inflated_size(raw: bytes, cap: int) -> int:
    """Size of zlib data once inflated, inflating at most cap + 1 bytes (so a bomb stops at the cap).
    Damaged data raises zlib.error."""
    inflater = zlib.decompressobj()
    size = 0
    data = raw
    while data and size <= cap:
        out = inflater.decompress(data, _CHUNK)
        size += len(out)
        data = inflater.unconsumed_tail
        if inflater.eof:
            break
    if size <= cap and not inflater.eof:
        raise zlib.error("compressed data ends early")
    return size


def decoded_size_bound(stream, cap: int) -> int:
    """An upper bound of the stream's decoded size, exact for Flate-first filter chains (up to cap + 1).
    Codecs that only images use (JPEG, JPEG 2000 ...) count as their declared pixel size."""
    raw = stream.read_raw_bytes()
    filters = _filters(stream)
    if not filters:
        return len(raw)
    if filters[0] in ("/FlateDecode", "/Fl"):
        size, rest = _inflated_size(raw, cap), filters[1:]
    else:
        size, rest = len(raw), filters
    for f in rest:
        if f in _IMAGE_CODECS:
            return _declared_image_size(stream)
        size *= _EXPANSION.get(f, 4096)
    return size


def _pages_of(pdf: pikepdf.Pdf) -> dict:
    """objgen -> first page number, for the pages' content streams and the XObjects they name."""
    out: dict = {}
    for n, page in enumerate(pdf.pages, start=1):
        try:
            contents = _get(page.obj, "/Contents")
            parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            xobjects = _get(_get(page.obj, "/Resources", {}), "/XObject", {})
            parts += [xobjects[k] for k in xobjects.keys()]
            for part in parts:
                if isinstance(part, pikepdf.Stream) and part.is_indirect:
                    out.setdefault(part.objgen, n)
        except Exception:  # noqa: BLE001 - only used to name the page in a message
            continue
    return out


def _declared_image_size(stream) -> int:
    w, h = int(_num(_get(stream, "/Width"), 0)), int(_num(_get(stream, "/Height"), 0))
    bpc = int(_num(_get(stream, "/BitsPerComponent"), 8)) or 8
    return max(w, 0) * max(h, 0) * 4 * max(bpc, 8) // 8


def oversized_streams(pdf: pikepdf.Pdf) -> list[Oversized]:
    """Streams of the file that decode past the limits, or whose data cannot be decoded at all."""
    out: list[Oversized] = []
    total = 0
    pages = _pages_of(pdf)
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        image = _name(_get(obj, "/Subtype")) == "/Image"
        cap = MAX_IMAGE if image else MAX_STREAM
        what = "image" if image else "stream"
        if obj.objgen in pages:
            what = f"p.{pages[obj.objgen]}: {'image' if image else 'content stream'}"
        try:
            size = decoded_size_bound(obj, cap)
        except (zlib.error, pikepdf.PdfError, ValueError) as exc:
            detail = " ".join(str(exc).split()) or type(exc).__name__
            out.append(Oversized(obj.objgen, what, f"{what} (object {obj.objgen[0]} {obj.objgen[1]}) cannot "
                                                   f"be decoded ({detail})"))
            continue
        if size > cap:
            out.append(Oversized(obj.objgen, what, f"{what} (object {obj.objgen[0]} {obj.objgen[1]}) decodes to "
                                                   f"more than {cap // (1024 * 1024)} MB; not read further"))
        total += min(size, cap + 1)
    if total > MAX_TOTAL and not out:
        out.append(Oversized((0, 0), "file", f"the streams of the file decode to more than "
                                             f"{MAX_TOTAL // (1024 * 1024)} MB in all; not read further"))
    return out


def overgrown_forms(pdf: pikepdf.Pdf, limit: int) -> list[str]:
    """Form XObjects that draw more than `limit` operations once the forms they draw are counted each
    time they are drawn (twelve forms each drawing the next ten times are a trillion): found by
    reading each form's own operations once, before any pass follows them."""
    forms = {obj.objgen: obj for obj in pdf.objects
             if isinstance(obj, pikepdf.Stream) and _name(_get(obj, "/Subtype")) == "/Form"}
    if not forms:
        return []
    sizes: dict[tuple[int, int], int] = {}

    def size(objgen: tuple[int, int], visiting: set) -> int:
        if objgen in sizes:
            return sizes[objgen]
        if objgen in visiting:      # a form drawing itself: the content pass stops such loops
            return 0
        visiting.add(objgen)
        form = forms[objgen]
        try:
            operations = pikepdf.parse_content_stream(form)
        except Exception:  # noqa: BLE001 - the content pass names what it cannot read
            operations = []
        xobjects = _get(_get(form, "/Resources", {}), "/XObject", {})
        total = len(operations)
        for ins in operations:
            if total > limit:
                break
            if str(ins.operator) == "Do" and ins.operands:
                try:
                    child = xobjects.get(str(ins.operands[0]))
                except Exception:  # noqa: BLE001
                    child = None
                if isinstance(child, pikepdf.Stream) and child.is_indirect and child.objgen in forms:
                    total += size(child.objgen, visiting)
        visiting.discard(objgen)
        sizes[objgen] = min(total, limit + 1)
        return sizes[objgen]

    out = []
    for objgen in forms:
        if size(objgen, set()) > limit:
            out.append(f"form XObject (object {objgen[0]} {objgen[1]}) draws more than {limit:,} operations "
                       "(forms drawn within forms); not read further")
    return out

