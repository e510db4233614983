"""Read an SVG file as inert vector data: no entities, no DTD, no external references, no images."""

from __future__ import annotations

from pathlib import Path

MAX_SVG_BYTES = 1_000_000


def read_svg(path: Path) -> bytes:
    """The SVG's bytes if it is safe to hand to svglib; ValueError naming the problem otherwise."""
    from lxml import etree

    data = Path(path).read_bytes()
    if len(data) > MAX_SVG_BYTES:
        raise ValueError(f"{path.name}: {len(data):,} bytes; an SVG logo may be at most {MAX_SVG_BYTES:,}")
    if b"<!ENTITY" in data or b"<!entity" in data:
        raise ValueError(f"{path.name}: declares XML entities, which are refused")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"{path.name}: not a well-formed SVG ({exc.msg})") from None
    if etree.QName(root).localname != "svg":
        raise ValueError(f"{path.name}: the root element is not <svg>")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in ("image", "foreignObject", "script"):
            raise ValueError(f"{path.name}: <{name}> is not allowed in a logo (vector shapes only)")
        for attr, value in element.attrib.items():
            if etree.QName(attr).localname == "href" and not value.startswith("#"):
                raise ValueError(f"{path.name}: refers to {value!r}; only references inside the file are allowed")
        if name == "style" and element.text and ("@import" in element.text or "url(" in element.text):
            raise ValueError(f"{path.name}: a <style> that loads other files is refused")
    return data
