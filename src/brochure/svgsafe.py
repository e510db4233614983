"""Read an SVG file as inert vector data: no entities, no DTD, no external references, no images.

Everything is refused before svglib sees the file: a document type declaration (entities, external
DTDs), processing instructions, <image>/<script>/<foreignObject>, links to anything outside the
file (xlink:href, href, url(...), @import), bitmaps renamed .svg, and files whose drawing would
expand past a fixed number of elements through <use> references (the SVG "billion laughs").
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_SVG_BYTES = 1_000_000
MAX_ELEMENTS = 20_000          # after following <use> references; a logo has a few hundred
MAX_DEPTH = 40

# Well-known signatures of formats that are not SVG, so a renamed bitmap gets a clear message.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a WebP image"),
    (b"%PDF", "a PDF file"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\x1f\x8b", "a gzip file (.svgz)"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x00\x00\x01\x00", "an icon (.ico)"),
    (b"%!PS", "a PostScript file"),
)
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


def sniff(data: bytes) -> str | None:
    """What a file is if its first bytes say it is a known non-SVG format."""
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return what
    if data[4:12] in (b"ftypavif", b"ftypheic", b"ftypmif1"):
        return "an AVIF/HEIF image"
    return None


def read_svg(path: Path) -> bytes:
    """The SVG's bytes if it is safe to hand to svglib; ValueError naming the problem otherwise."""
    path = Path(path)
    data = _read_bounded(path)
    _check_text(path, data)
    root = _parse(path, data)
    ids = _check_elements(path, root)
    _check_size(path, root)
    _check_expansion(path, root, ids)
    return data


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, at most MAX_SVG_BYTES of them (a larger file is refused)."""
    size = path.stat().st_size
    if size > MAX_SVG_BYTES:
        raise ValueError(f"{path.name}: {size:,} bytes; an SVG logo may be at most {MAX_SVG_BYTES:,}")
    with path.open("rb") as handle:
        data = handle.read(MAX_SVG_BYTES + 1)
    if len(data) > MAX_SVG_BYTES:
        raise ValueError(f"{path.name}: more than {MAX_SVG_BYTES:,} bytes; an SVG logo may be at most that")
    return data


def _check_text(path: Path, data: bytes) -> None:
    """UTF-8 XML text (not a renamed bitmap), with no document type, entity or processing instruction."""
    what = sniff(data)
    if what:
        raise ValueError(f"{path.name}: is {what}, not an SVG; logos must be SVG vector files "
                         "(export the logo as SVG instead of renaming the file)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path.name}: is not UTF-8 text, so not an SVG file this tool reads "
                         "(save it as UTF-8 SVG)") from None
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        raise ValueError(f"{path.name}: is not an SVG file (it does not start with <svg or <?xml)")
    if "<!DOCTYPE" in text or "<!ENTITY" in text.upper():
        raise ValueError(f"{path.name}: has a <!DOCTYPE> or entity declaration, which is refused "
                         "(it can pull in other files); remove it")
    if re.search(r"<\?(?!xml\s)", head) or re.search(r"<\?xml\S", head):
        raise ValueError(f"{path.name}: has a processing instruction (<?...?>), which is refused")


def _parse(path: Path, data: bytes):
    """The document's root element, parsed with every loader off; it must be <svg>."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_pis=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"{path.name}: not a well-formed SVG ({exc.msg})") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise ValueError(f"{path.name}: the root element is not <svg>")
    return root


_REFUSED_ELEMENTS = ("image", "foreignObject", "script", "iframe", "video", "audio", "feImage")
# Fills that are not one solid colour: the print edition recolours solid colours to the brand's CMYK,
# and a gradient or pattern would reach the printer in RGB.
_UNSOLID_ELEMENTS = ("linearGradient", "radialGradient", "pattern", "meshgradient", "hatch")
MAX_NUMBER = 1e6                # no coordinate, size or scale of a logo comes near it
_GEOMETRY = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "width", "height",
             "points", "d", "transform", "viewBox", "stroke-width", "stroke-miterlimit", "stroke-dasharray",
             "stroke-dashoffset", "font-size", "opacity", "fill-opacity", "stroke-opacity", "offset",
             "gradientTransform", "patternTransform", "refX", "refY", "markerWidth", "markerHeight", "style"}
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NOT_A_NUMBER = re.compile(r"(?<![A-Za-z])(?:nan|inf|infinity)(?![A-Za-z])", re.IGNORECASE)
_HEX_OR_REFERENCE = re.compile(r"#[0-9A-Za-z_-]*|url\([^)]*\)")
_TEXT_ELEMENTS = ("text", "tspan", "textPath")


def _check_elements(path: Path, root) -> dict:
    """Every node is inert vector data; returns the elements by id (for the <use> expansion check)."""
    from lxml import etree

    ids: dict = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._ProcessingInstruction):
                raise ValueError(f"{path.name}: has a processing instruction (<?...?>), which is refused")
            if isinstance(element, etree._Entity):
                raise ValueError(f"{path.name}: uses an entity (&name;), which is refused")
            continue
        _check_element(path, element)
        _check_attributes(path, element, ids)
        if etree.QName(element).localname == "style" and element.text:
            _check_style(path, element.text)
    return ids


def _check_element(path: Path, element) -> None:
    """No bitmaps, scripts, text or inclusions."""
    from lxml import etree

    name = etree.QName(element).localname
    if name in _REFUSED_ELEMENTS:
        raise ValueError(f"{path.name}: <{name}> is not allowed in a logo (vector shapes only)")
    if name in _UNSOLID_ELEMENTS:
        raise ValueError(f"{path.name}: has <{name}>; fill the logo's shapes with solid colours (the print "
                         "edition sets every colour of a logo in the brand's CMYK)")
    if name in _TEXT_ELEMENTS:
        raise ValueError(f"{path.name}: has <{name}>; text in a logo would be set in a font that is not "
                         "embedded, so convert the text to outlines (paths) in the drawing program")
    if etree.QName(element).namespace == "http://www.w3.org/2001/XInclude":
        raise ValueError(f"{path.name}: XInclude is not allowed in a logo")


def _check_style(path: Path, css: str) -> None:
    """A <style> loads nothing from outside the file."""
    if "@import" in css:
        raise ValueError(f"{path.name}: a <style> that loads other files is refused")
    _check_urls(path, css)


def _check_attributes(path: Path, element, ids: dict) -> None:
    """References stay inside the file; an element with an id is noted in *ids*."""
    from lxml import etree

    for attr, value in element.attrib.items():
        local = etree.QName(attr).localname
        if local == "id":
            ids[value] = element
        if local in ("href", "src") and not value.strip().startswith("#"):
            raise ValueError(f"{path.name}: refers to {value[:80]!r}; only references inside the file are allowed")
        if local == "base":
            raise ValueError(f"{path.name}: xml:base is not allowed in a logo")
        _check_urls(path, value)
        if local in _GEOMETRY:
            _check_numbers(path, local, value)


def _check_numbers(path: Path, attribute: str, value: str) -> None:
    """Every number of a coordinate, size or transform is finite and of a sane size (a scale of 1e30
    or a NaN would reach the page as a number no PDF can hold)."""
    text = _HEX_OR_REFERENCE.sub(" ", value)        # colours (#1e3050) and references are not numbers
    if _NOT_A_NUMBER.search(text):
        raise ValueError(f"{path.name}: its {attribute} {value[:40]!r} is not a number")
    for match in _NUMBER.finditer(text):
        if abs(float(match.group())) > MAX_NUMBER:
            raise ValueError(f"{path.name}: its {attribute} holds {match.group()[:24]}, beyond what a logo's "
                             f"drawing can use (at most {MAX_NUMBER:g}); save the logo again at a normal size")


_LENGTH = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*$")


def _check_size(path: Path, root) -> None:
    """The drawing has a size: width and height, or a viewBox, positive and finite (a logo is scaled
    to its place by its size; a size of 0 cannot be scaled)."""
    import math

    def number(value: str | None):
        found = _LENGTH.match(value) if value is not None else None
        if value is not None and found is None:
            raise ValueError(f"{path.name}: the size {value[:40]!r} is not a length")
        return (float(found.group(1)), found.group(2) or "") if found else None

    sizes = {}
    for attr in ("width", "height"):
        parsed = number(root.get(attr))
        if parsed is not None and parsed[1] != "%":
            sizes[attr] = parsed[0]
    box = root.get("viewBox")
    if box is not None:
        parts = box.replace(",", " ").split()
        try:
            values = [float(v) for v in parts]
        except ValueError:
            values = []
        if len(values) != 4:
            raise ValueError(f"{path.name}: the viewBox {box[:40]!r} is not four numbers")
        sizes["viewBox width"], sizes["viewBox height"] = values[2], values[3]
    for what, value in sizes.items():
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"{path.name}: its {what} is {value:g}; a logo needs a positive size to be scaled")
        if value < 1e-3:
            raise ValueError(f"{path.name}: its {what} is {value:g}, too small to scale to its place; save the "
                             "logo again at a normal size")
    if not ({"width", "height"} <= set(sizes) or "viewBox width" in sizes):
        raise ValueError(f"{path.name}: has no size; give the <svg> a viewBox (or a width and a height)")


def _check_urls(path: Path, text: str) -> None:
    for target in _URL.findall(text):
        if not target.startswith("#"):
            raise ValueError(f"{path.name}: url({target[:80]}) points outside the file; only url(#id) is allowed")


def _check_expansion(path: Path, root, ids: dict) -> None:
    """Refuse a drawing that grows past MAX_ELEMENTS (or MAX_DEPTH) through <use> references."""
    from lxml import etree

    alive = list(root.iter())   # lxml keeps one proxy per node while it is referenced: ids stay stable
    sizes: dict = {}
    active: set = set()

    def size(element, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise ValueError(f"{path.name}: nested or referenced more than {MAX_DEPTH} levels deep")
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ValueError(f"{path.name}: a <use> refers to itself")
        active.add(key)
        total = 1
        for child in element:
            if isinstance(child.tag, str):
                total += size(child, depth + 1)
        if isinstance(element.tag, str) and etree.QName(element).localname == "use":
            for attr, value in element.attrib.items():
                if etree.QName(attr).localname == "href" and value.startswith("#") and value[1:] in ids:
                    total += size(ids[value[1:]], depth + 1)
        active.discard(key)
        total = min(total, MAX_ELEMENTS + 1)
        sizes[key] = total
        if total > MAX_ELEMENTS:
            raise ValueError(f"{path.name}: draws more than {MAX_ELEMENTS:,} elements (counting <use> "
                             "copies); simplify the logo")
        return total

    size(root, 0)
    del alive
