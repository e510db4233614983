"""The checks: findings from what the two passes collected."""

from __future__ import annotations

import pikepdf

from .common import (PT_PER_MM, Finding, _box, _box_mm, _capped, _fmt, _get, _inside, _mm, _name, _num,
                     _pages_text, _short, _snippet, _TextScan)
from .content import _Scan


def _page_boxes(pdf: pikepdf.Pdf):
    """Per page: dict with media, crop, trim, bleed (None when absent)."""
    out = []
    for page in pdf.pages:
        obj = page.obj
        media = _box(page.mediabox) or (0.0, 0.0, 612.0, 792.0)
        crop = _box(_get(obj, "/CropBox")) if "/CropBox" in obj else None
        out.append(
            {
                "media": media,
                "crop": crop,
                "trim": _box(_get(obj, "/TrimBox")) if "/TrimBox" in obj else None,
                "bleed": _box(_get(obj, "/BleedBox")) if "/BleedBox" in obj else None,
            }
        )
    return out


def _check_fonts(scan: _Scan) -> list[Finding]:
    bad = [u for u in scan.fonts.values() if not u.embedded]
    if not bad:
        n = len(scan.fonts)
        if n == 1:
            msg = f"the one font used ('{next(iter(scan.fonts.values())).name}') is embedded"
        else:
            msg = f"all {n} fonts used are embedded" if n else "no text: no fonts used"
        return [Finding("PASS", "fonts-embedded", msg)]
    items = []
    for u in sorted(bad, key=lambda u: (min(u.pages), u.name)):
        items.append((min(u.pages), f"{_pages_text(u.pages)}: font '{u.name}' is not embedded ({u.why})"))
    return _capped("FAIL", "fonts-embedded", items)


def _check_trimbox(boxes, bleed_mm: float) -> list[Finding]:
    items = []
    tol = 0.1 * PT_PER_MM
    for i, b in enumerate(boxes, start=1):
        trim, bleed, media = b["trim"], b["bleed"], b["media"]
        missing = [n for n, v in (("TrimBox", trim), ("BleedBox", bleed)) if v is None]
        if missing:
            items.append((i, f"p.{i}: no {' or '.join(missing)} (print needs trim + {_fmt(bleed_mm)} mm bleed)"))
            continue
        if not _inside(trim, bleed):
            items.append((i, f"p.{i}: TrimBox {_box_mm(trim)} is not inside BleedBox {_box_mm(bleed)}"))
            continue
        if not _inside(bleed, media):
            items.append((i, f"p.{i}: BleedBox {_box_mm(bleed)} extends beyond MediaBox {_box_mm(media)}"))
            continue
        sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        if any(abs(s - bleed_mm * PT_PER_MM) > tol for s in sides):
            got = ", ".join(f"{_mm(s):.1f} mm {n}" for s, n in zip(sides, ("left", "bottom", "right", "top")))
            items.append((i, f"p.{i}: bleed is {got} (need {_fmt(bleed_mm)} mm on every side)"))
    if items:
        return _capped("FAIL", "trimbox", items)
    if not boxes:
        return [Finding("PASS", "trimbox", "no pages")]
    sizes = {(round(_mm(b["trim"][2] - b["trim"][0]), 1), round(_mm(b["trim"][3] - b["trim"][1]), 1)) for b in boxes}
    size = " / ".join(f"{w:g} \u00d7 {h:g} mm" for w, h in sorted(sizes))
    return [Finding("PASS", "trimbox", f"{len(boxes)} pages: trim {size}, {_fmt(bleed_mm)} mm bleed on every side")]


def _check_colour(scan: _Scan) -> list[Finding]:
    out: list[Finding] = []
    items = [(p, f"p.{p}: RGB colour: " + "; ".join(what[:4]) + (" ..." if len(what) > 4 else ""))
             for p, what in sorted(scan.rgb.items())]
    out += _capped("FAIL", "colour-space", items)
    groups = [(p, f"p.{p}: {msg} (set it to DeviceCMYK or remove it)") for p, msg in sorted(scan.rgb_group.items())]
    out += _capped("WARN", "colour-space", groups)
    if not out:
        out.append(Finding("PASS", "colour-space", "no RGB colour (vector, text, images, shadings)"))
    return out


def _check_text_black(scan: _Scan) -> list[Finding]:
    if not scan.rich_black:
        return [Finding("PASS", "text-black", "no text in rich black")]
    items = []
    for p, (c, m, y, k) in sorted(scan.rich_black.items()):
        items.append((p, f"p.{p}: text in rich black C{c * 100:.0f} M{m * 100:.0f} Y{y * 100:.0f} K{k * 100:.0f} "
                         "(body text should be 100 % K only)"))
    return _capped("WARN", "text-black", items)


def _check_small_text(scan: _Scan) -> list[Finding]:
    """Small type prints sharp only in solid ink: a tint is screened into dots, and white type reversed
    out of three or four inks shows any misregistration of the plates along its thin strokes."""
    from .content import SMALL_TEXT_PT

    limit = _fmt(SMALL_TEXT_PT)
    tint = [(p, f"p.{p}: {size:.1f} pt text ({font}) in {colour}: text under {limit} pt prints in solid K "
                f"(100 %)") for p, (size, colour, font) in sorted(scan.small_tint.items())]
    out = _capped("FAIL", "small-text", tint)
    rev = [(p, f"p.{p}: {size:.1f} pt white text ({font}) reversed out of {ground}: under {limit} pt, reverse "
               f"bold type or out of at most two inks")
             for p, (size, ground, font) in sorted(scan.reversed_small.items())]
    out += _capped("FAIL", "small-text", rev)
    if not out:
        out.append(Finding("PASS", "small-text", f"text under {limit} pt is solid K, or reversed bold or out of "
                                                 "at most two inks"))
    return out


def _check_overprint(scan: _Scan) -> list[Finding]:
    """Black (100 % K) text and rules overprint, so that a slight misregistration leaves no white
    halo around them on coloured panels (ExtGState op/OP true with OPM 1)."""
    items = []
    for p, (texts, strokes) in sorted(scan.knockout_black.items()):
        what = " and ".join(x for x in (f"{texts} text run{'s' if texts != 1 else ''}" if texts else "",
                                        f"{strokes} rule{'s' if strokes != 1 else ''}" if strokes else "") if x)
        items.append((p, f"p.{p}: {what} in 100 % K knock out (set them to overprint: op/OP true, OPM 1)"))
    if items:
        return _capped("FAIL", "overprint", items)
    return [Finding("PASS", "overprint", "100 % K text and rules overprint")]


def _check_ppi(scan: _Scan, min_ppi: float, good_ppi: float | None = None) -> list[Finding]:
    """Effective resolution of every image placement: under `min_ppi` it prints soft (FAIL), under
    `good_ppi` (the print shop's norm) it is worth a look (WARN)."""
    good_ppi = max(good_ppi or min_ppi, min_ppi)
    low = [(k, v) for k, v in scan.ppi.items() if v[0] < good_ppi - 0.5]
    if not low:
        if not scan.ppi:
            return [Finding("PASS", "image-ppi", "no images")]
        lowest = min(v[0] for v in scan.ppi.values())
        return [Finding("PASS", "image-ppi", f"{len(scan.ppi)} image placements, lowest {lowest:.0f} ppi "
                                             f"(min {_fmt(good_ppi, 0)})")]
    out = []
    for level, below, floor in (("FAIL", lambda ppi: ppi < min_ppi - 0.5, min_ppi),
                                ("WARN", lambda ppi: ppi >= min_ppi - 0.5, good_ppi)):
        items = []
        for (p, name), (ppi, w, h, wmm, hmm) in sorted(low, key=lambda kv: (kv[0][0], kv[1][0])):
            if below(ppi):
                items.append((p, f"p.{p}: image {_short(name)} at {ppi:.0f} ppi ({w}\u00d7{h} px placed at "
                                 f"{wmm:.1f}\u00d7{hmm:.1f} mm; min {_fmt(floor, 0)} ppi)"))
        out += _capped(level, "image-ppi", items)
    return out


def _check_ink(scan: _Scan, max_ink: float) -> list[Finding]:
    items = []
    for p in sorted(set(scan.ink_vector) | set(scan.ink_image)):
        vec = scan.ink_vector.get(p)
        if vec is not None and vec[0] > max_ink + 1e-6:
            items.append((p, f"p.{p}: {vec[0]:.0f} % ink in {vec[1]} (max {_fmt(max_ink, 0)} %)"))
        img = scan.ink_image.get(p)
        if img is not None and img[0] > max_ink + 0.5:
            items.append((p, f"p.{p}: image {_short(img[1])} reaches {img[0]:.0f} % ink (max {_fmt(max_ink, 0)} %)"))
    if items:
        return _capped("FAIL", "ink-coverage", items)
    peaks = [v[0] for v in scan.ink_vector.values()] + [v[0] for v in scan.ink_image.values()]
    tail = f", highest {max(peaks):.0f} %" if peaks else ""
    return [Finding("PASS", "ink-coverage", f"CMYK ink within {_fmt(max_ink, 0)} %{tail}")]


def _check_type_size(text: _TextScan, min_pt: float) -> list[Finding]:
    items = []
    for p, (size, snip) in sorted(text.min_size.items()):
        if size < min_pt - 0.005:
            shown = f"{size:.1f}" if round(size, 1) < min_pt else f"{size:.2f}"
            items.append((p, f"p.{p}: {shown} pt text '{snip}' (min {_fmt(min_pt)} pt)"))
    if items:
        return _capped("FAIL", "type-size", items)
    if not text.min_size:
        return [Finding("PASS", "type-size", "no text")]
    smallest = min(v[0] for v in text.min_size.values())
    return [Finding("PASS", "type-size", f"smallest text {smallest:.1f} pt (min {_fmt(min_pt)} pt)")]


def _check_lines(scan: _Scan, min_pt: float) -> list[Finding]:
    out: list[Finding] = []
    zero = [(p, f"p.{p}: {n} stroke{'s' if n != 1 else ''} with line width 0 "
                f"(thinnest line the device can draw; set at least {_fmt(min_pt)} pt)")
            for p, n in sorted(scan.zero_width.items())]
    out += _capped("FAIL", "line-width", zero)
    thin = [(p, f"p.{p}: hairline {w:.2f} pt stroke (min {_fmt(min_pt)} pt)")
            for p, (w, _n) in sorted(scan.hairline.items()) if w < min_pt - 1e-4]
    out += _capped("WARN", "line-width", thin)
    if not out:
        if scan.hairline:
            thinnest = min(w for w, _n in scan.hairline.values())
            msg = f"thinnest stroke {thinnest:.2f} pt (min {_fmt(min_pt)} pt)"
        else:
            msg = "no strokes"
        out.append(Finding("PASS", "line-width", msg))
    return out


def _check_safe_zone(text: _TextScan, safe_mm: float) -> list[Finding]:
    items = []
    for p, runs in sorted(text.safe.items()):
        for dist, edge, snip in runs:
            if dist < 0:
                msg = (f"p.{p}: text '{snip}' crosses the {edge} trim edge by {_mm(-dist):.1f} mm "
                       f"(min {_fmt(safe_mm)} mm inside)")
            else:
                msg = f"p.{p}: text '{snip}' {_mm(dist):.1f} mm from {edge} trim (min {_fmt(safe_mm)} mm)"
            items.append((p, msg))
    if items:
        return _capped("FAIL", "safe-zone", items)
    return [Finding("PASS", "safe-zone", f"all text at least {_fmt(safe_mm)} mm inside the trim")]


def _check_page_count(n: int) -> list[Finding]:
    if n == 0 or n % 4:
        return [Finding("FAIL", "page-count",
                        f"{n} page{'s' if n != 1 else ''}: a saddle-stitched booklet needs a multiple of 4")]
    return [Finding("PASS", "page-count", f"{n} pages (multiple of 4)")]


def _xmp_bytes(pdf: pikepdf.Pdf) -> bytes:
    meta = _get(pdf.Root, "/Metadata")
    if isinstance(meta, pikepdf.Stream):
        try:
            return meta.read_bytes()
        except Exception:  # noqa: BLE001
            return b""
    return b""


def _docinfo(pdf: pikepdf.Pdf, key: str) -> str:
    try:
        v = pdf.trailer.get("/Info", {}).get(key)
    except Exception:  # noqa: BLE001
        return ""
    return str(v).strip() if v is not None else ""


_PRINT_ANNOTATIONS = {"/PrinterMark", "/TrapNet"}      # what PDF/X lets a print file carry on its pages


def _check_print_file(pdf: pikepdf.Pdf) -> list[Finding]:
    """What a print shop's PDF/X-4 check refuses in the file itself: encryption, scripts and actions,
    annotations (links, notes, form fields), no XMP metadata, a PDF version before 1.6."""
    out: list[Finding] = []
    if pdf.is_encrypted:
        out.append(Finding("FAIL", "file", "the file is encrypted (PDF/X does not allow encryption, even without "
                                           "a password to open it)"))
    version = tuple(int(part) for part in str(pdf.pdf_version).split(".")[:2] if part.isdigit())
    if version < (1, 6):
        out.append(Finding("FAIL", "file", f"PDF version {pdf.pdf_version}; PDF/X-4 needs 1.6 or later"))
    if _get(pdf.Root, "/Metadata") is None:
        out.append(Finding("FAIL", "file", "no XMP metadata (PDF/X identifies itself there)"))
    names = _get(pdf.Root, "/Names")
    action = _get(pdf.Root, "/OpenAction")
    scripted = (names is not None and _get(names, "/JavaScript") is not None) or _get(pdf.Root, "/AA") is not None \
        or (isinstance(action, pikepdf.Dictionary) and _get(action, "/S") is not None)
    if scripted:
        out.append(Finding("FAIL", "file", "the file runs scripts or actions when opened (JavaScript, /OpenAction, "
                                           "/AA); a print file has none"))
    found: dict[int, set[str]] = {}
    for n, page in enumerate(pdf.pages, start=1):
        if _get(page.obj, "/AA") is not None:
            found.setdefault(n, set()).add("page actions")
        for annot in _get(page.obj, "/Annots", None) or []:
            kind = _name(_get(annot, "/Subtype")) if isinstance(annot, pikepdf.Dictionary) else "?"
            if kind not in _PRINT_ANNOTATIONS:
                found.setdefault(n, set()).add(kind.lstrip("/") or "?")
    if found:
        where = "; ".join(f"p.{n}: {', '.join(sorted(kinds))}" for n, kinds in sorted(found.items()))
        out.append(Finding("FAIL", "file", f"annotations or actions a print file does not carry ({where})"))
    if not out:
        out.append(Finding("PASS", "file", "not encrypted, no scripts, actions or annotations, XMP present, "
                                           f"PDF {pdf.pdf_version}"))
    return out


def _check_output_intent(pdf: pikepdf.Pdf) -> list[Finding]:
    out: list[Finding] = []
    intents = _get(pdf.Root, "/OutputIntents")
    pdfx = [oi for oi in (intents or []) if _name(_get(oi, "/S")) == "/GTS_PDFX"]
    ident = ""
    if not pdfx:
        out.append(Finding("FAIL", "output-intent", "no PDF/X output intent (/OutputIntents with /S /GTS_PDFX)"))
    else:
        oi = pdfx[0]
        ident = str(_get(oi, "/OutputConditionIdentifier", "") or _get(oi, "/OutputCondition", ""))
        prof = _get(oi, "/DestOutputProfile")
        if not isinstance(prof, pikepdf.Stream):
            out.append(Finding("FAIL", "output-intent", "PDF/X output intent has no embedded DestOutputProfile"))
        else:
            n = int(_num(_get(prof, "/N"), 0))
            if n != 4:
                out.append(Finding("FAIL", "output-intent",
                                   f"DestOutputProfile has N={n}; a CMYK (N=4) printing profile is needed"))
            problem = _icc_problem(prof)
            if problem:
                out.append(Finding("FAIL", "output-intent", f"DestOutputProfile (object {prof.objgen[0]} "
                                                            f"{prof.objgen[1]}) {problem}"))
    version = _docinfo(pdf, "/GTS_PDFXVersion")
    if not version and b"GTS_PDFXVersion" not in _xmp_bytes(pdf):
        out.append(Finding("FAIL", "output-intent", "GTS_PDFXVersion missing from document info and XMP"))
    if not out:
        label = f" '{ident}'" if ident else ""
        ver = f", {version}" if version else ""
        out.append(Finding("PASS", "output-intent", f"PDF/X output intent{label} with CMYK profile{ver}"))
    return out


def _icc_problem(stream) -> str | None:
    """None when the stream is an ICC output (printer) profile for CMYK, else what is wrong with it."""
    import io

    from PIL import ImageCms

    try:
        data = stream.read_bytes()
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile
    except Exception:  # noqa: BLE001 - whatever the reason, it is not a profile a RIP can use
        return "is not an ICC profile"
    space, kind = profile.xcolor_space.strip(), profile.device_class.strip()
    if space != "CMYK" or kind != "prtr":
        return f"is a {space} '{kind}' profile; an output (prtr) profile for CMYK is needed"
    return None


def _check_lang(pdf: pikepdf.Pdf) -> list[Finding]:
    lang = str(_get(pdf.Root, "/Lang", "") or "").strip()
    if not lang:
        return [Finding("WARN", "lang", "no document language (/Lang in the catalog)")]
    return [Finding("PASS", "lang", f"document language {lang}")]


_PLACEHOLDER_TITLES = {"untitled", "untitled document", "document", "title", "(anonymous)", "anonymous"}


def _check_title(pdf: pikepdf.Pdf) -> list[Finding]:
    title = _docinfo(pdf, "/Title")
    if not title:
        xmp = _xmp_bytes(pdf)
        if b"<dc:title" in xmp:
            title = "(XMP dc:title)"
    if not title:
        return [Finding("WARN", "title", "no document title in the metadata")]
    if title.lower() in _PLACEHOLDER_TITLES:
        return [Finding("WARN", "title", f"document title is a placeholder ('{title}')")]
    return [Finding("PASS", "title", f"title '{_snippet(title, 60)}'")]


def _check_tagged(pdf: pikepdf.Pdf) -> list[Finding]:
    marked = _get(_get(pdf.Root, "/MarkInfo", {}), "/Marked", False)
    if not bool(marked):
        return [Finding("WARN", "tagged", "not a tagged PDF (/MarkInfo /Marked true missing)")]
    return [Finding("PASS", "tagged", "tagged PDF (/MarkInfo /Marked true)")]


def _check_errors(scan: _Scan) -> list[Finding]:
    """What the content pass could not read is not known to be right: a FAIL, naming page and object."""
    items = [(p, f"p.{p}: {msg}") for p, msgs in sorted(scan.errors.items()) for msg in msgs]
    if not items:
        return [Finding("PASS", "content", "every content stream, form, pattern, image and annotation read")]
    return _capped("FAIL", "content", items)
