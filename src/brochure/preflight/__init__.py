"""Preflight checks for finished PDFs (any PDF, not only the ones this package writes).

Two profiles:

``print``
    fonts embedded, TrimBox/BleedBox with the expected bleed, CMYK-only colour
    (no DeviceRGB / RGB ICC), body text in pure K, text under 9 pt in solid K (or
    reversed bold or out of at most two inks), 100 % K text and rules overprinting,
    effective image resolution,
    total ink coverage, minimum type size, hairlines, text inside the safe zone,
    page count for a saddle-stitched booklet and a PDF/X output intent.

``screen``
    fonts embedded, minimum type size, document language, title and tagging.

Both profiles fail closed: stream sizes are bounded before anything is inflated (``streams``), and
any part of a page the content pass cannot read is a FAIL naming the page and object (``content``).

Content streams are interpreted with :func:`pikepdf.parse_content_stream`
(graphics state, CTM, colour spaces, Form XObjects, tiling patterns, shadings,
Type 3 glyph procedures and printable annotation appearances). Text geometry
(character boxes and effective font sizes) comes from pdfium's text page.

Command line::

    python -m brochure.preflight FILE.pdf [--profile print|screen]

Exit status: 0 = no FAIL, 1 = at least one FAIL, 2 = the file could not be read.
"""


from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pikepdf

from .checks import (_check_colour, _check_errors, _check_fonts, _check_ink, _check_lang, _check_lines,
                     _check_output_intent, _check_overprint, _check_page_count, _check_ppi, _check_print_file,
                     _check_safe_zone, _check_small_text, _check_tagged, _check_text_black, _check_title,
                     _check_trimbox, _check_type_size, _page_boxes)
from .common import PROFILES, PT_PER_MM, Finding, PreflightError, Report, _TextScan
from .content import MAX_OPERATIONS, ContentPassTimeout, ContentPassTooLarge, _Scan, _Walker
from .streams import overgrown_forms, oversized_streams

TIME_LIMIT = 120.0  # seconds the content pass may take; a file that needs longer is a FAIL


# --------------------------------------------------------------------------- entry points


MAX_PAGES = 10_000   # pages a file may have (the page tree is counted before qpdf builds its page list)


def _open(path: Path) -> pikepdf.Pdf:
    import os
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):        # a pipe would block, a device never end
            raise PreflightError(f"{path} is not a regular file (a folder, a pipe or a device), so not a PDF")
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise PreflightError(f"cannot read {path}: {exc.strerror or exc}") from None
    if b"%PDF-" not in head:
        raise PreflightError(f"{path} is not a PDF file (no %PDF- header)")
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        raise PreflightError(f"{path} is encrypted and needs a password") from None
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        msg = " ".join(str(exc).split()) or type(exc).__name__
        raise PreflightError(f"cannot read {path}: {msg}") from None


def _text_pass_here(path, boxes, safe_pt: float, want_safe: bool, pages=None):
    def result():
        from .worker import scan_pages  # pdfium is loaded only where the text pass runs

        return scan_pages(path, boxes, safe_pt, want_safe, pages)

    result.lazy = True      # type: ignore[attr-defined]  # runs when asked, after the content pass
    return result


def _beyond_limits(pdf: pikepdf.Pdf) -> list[Finding]:
    """What makes a file too large to read, found before either pass reads it: more pages than
    MAX_PAGES, a stream that inflates past its limit (nothing is inflated further), forms that draw
    more than MAX_OPERATIONS operations."""
    if _page_count(pdf) > MAX_PAGES:
        return [Finding("FAIL", "pages", f"the page tree lists more than {MAX_PAGES:,} pages; not read further")]
    oversized = oversized_streams(pdf)
    if oversized:
        return [Finding("FAIL", "streams", o.message) for o in oversized]
    return [Finding("FAIL", "content", message) for message in overgrown_forms(pdf, MAX_OPERATIONS)]


def _page_count(pdf: pikepdf.Pdf) -> int:
    """The pages the page tree lists, counted up to MAX_PAGES + 1 (a page listed twice counts twice;
    a tree that loops counts until the cap)."""
    try:
        stack = [pdf.Root.Pages]
    except (AttributeError, KeyError, pikepdf.PdfError):
        return 0
    count = seen = 0
    while stack and count <= MAX_PAGES and seen <= 4 * MAX_PAGES:
        node = stack.pop()
        seen += 1
        kids = node.get("/Kids") if isinstance(node, pikepdf.Dictionary) else None
        if isinstance(kids, pikepdf.Array):
            if len(kids) > MAX_PAGES:
                return len(kids)
            stack.extend(kids)
        else:
            count += 1
    return count if seen <= 4 * MAX_PAGES else MAX_PAGES + 1


def _merged(per_page: dict) -> _TextScan:
    """One text scan of the pages scanned one by one."""
    out = _TextScan()
    for page in sorted(per_page):
        part = per_page[page]
        out.min_size.update(part.min_size)
        out.safe.update(part.safe)
        out.n_chars += part.n_chars
    return out


def preflight(
    path,
    profile: str = "print",
    *,
    bleed_mm: float = 3.0,
    safe_mm: float = 5.0,
    min_ppi: float = 150,
    good_ppi: float = 300,
    max_ink: float = 300,
    min_type_pt: float = 6.0,
    min_line_pt: float = 0.2,
    text_pass=None,
    time_limit: float = TIME_LIMIT,
    cache_dir: Path | None = None,
    cache_name: str | None = None,
) -> Report:
    """Check the PDF at *path* against *profile* ("print" or "screen").

    Two passes read the file: the content streams (pikepdf, here) and the text as a reader sees it
    (pdfium). `text_pass(path, boxes, safe_pt, want_safe, pages)` may start the second elsewhere, such as in
    a worker process; it returns a function that waits for the result. By default it runs here.
    Raises PreflightError when the file is not a readable PDF. Whatever part of it cannot be read
    (a stream that does not decode or decodes past the size limits, an operator that does not parse,
    a content pass past `time_limit` seconds) is a FAIL naming the page or object: the preflight
    never passes what it did not see.

    With `cache_dir`, what the content pass finds on each page is kept there under `cache_name` (the
    PDF's own name, say): the next check of a PDF of that name walks only the pages that changed
    (see pages.py). The findings are the same either way.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r} (expected one of {', '.join(PROFILES)})")
    path = Path(path)
    is_print = profile == "print"
    with _open(path) as pdf:
        beyond = _beyond_limits(pdf)
        if beyond:
            return Report(str(path), profile, beyond)
        boxes = _page_boxes(pdf)
        text_boxes = []
        for b in boxes:
            trim = b["trim"] or b["media"]
            bleed = b["bleed"] or b["crop"] or b["media"]
            text_boxes.append((trim, bleed))
        kept = None
        if cache_dir is not None:
            from .pages import PageCache

            kept = PageCache(cache_dir, f"{profile}|{cache_name or path.name}",
                             (profile, is_print, is_print, safe_mm))
        keys = [kept.key(page) for page in pdf.pages] if kept else [None] * len(pdf.pages)
        known = {i: kept.text_of(key, i) for i, key in enumerate(keys, start=1)} if kept else {}
        todo = [i for i in range(1, len(keys) + 1) if known.get(i) is None]
        pending = (text_pass or _text_pass_here)(path, text_boxes, safe_mm * PT_PER_MM, is_print, todo) \
            if todo else dict
        scan = _Scan()
        walker = _Walker(pdf, scan, decode_images=is_print, text_colour=is_print,
                         deadline=time.monotonic() + time_limit)
        try:
            for i, page in enumerate(pdf.pages, start=1):
                if kept is None or not kept.replay(scan, i, keys[i - 1]):
                    walker.walk_page(i, page)
                    if kept is not None:
                        kept.record(scan, i, keys[i - 1])
        except ContentPassTimeout as exc:
            if not getattr(pending, "lazy", False):
                pending()           # a helper's text pass: collected (the text pass here is not started)
            why = "" if isinstance(exc, ContentPassTooLarge) else \
                f": the content pass took longer than {time_limit:g} s"
            return Report(str(path), profile, [Finding("FAIL", "content", f"{exc}{why}; not read further")])
        fresh = pending()
        text = _merged({**{i: t for i, t in known.items() if t is not None}, **fresh})
        if kept is not None:
            for i, part in fresh.items():
                kept.record_text(keys[i - 1], i, part)
            kept.save()

        findings: list[Finding] = []
        findings += _check_fonts(scan)
        if is_print:
            findings += _check_trimbox(boxes, bleed_mm)
            findings += _check_colour(scan)
            findings += _check_text_black(scan)
            findings += _check_small_text(scan)
            findings += _check_overprint(scan)
            findings += _check_ppi(scan, min_ppi, good_ppi)
            findings += _check_ink(scan, max_ink)
        findings += _check_type_size(text, min_type_pt)
        if is_print:
            findings += _check_lines(scan, min_line_pt)
            findings += _check_safe_zone(text, safe_mm)
            findings += _check_page_count(len(pdf.pages))
            findings += _check_output_intent(pdf)
            findings += _check_print_file(pdf)
        else:
            findings += _check_lang(pdf)
            findings += _check_title(pdf)
            findings += _check_tagged(pdf)
        findings += _check_errors(scan)
    return Report(str(path), profile, findings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="preflight",
        description="Preflight a PDF for print (PDF/X-style checks) or screen (accessibility basics).",
    )
    parser.add_argument("file", metavar="FILE.pdf", help="PDF to check")
    parser.add_argument("--profile", choices=PROFILES, default="print", help="check set (default: print)")
    parser.add_argument("--bleed-mm", type=float, default=3.0, help="required bleed per side (default 3)")
    parser.add_argument("--safe-mm", type=float, default=5.0, help="text distance from trim (default 5)")
    parser.add_argument("--min-ppi", type=float, default=150, help="effective image ppi below which an image "
                        "fails (default 150)")
    parser.add_argument("--good-ppi", type=float, default=300, help="effective image ppi below which an image "
                        "is a warning (default 300)")
    parser.add_argument("--max-ink", type=float, default=300, help="maximum total ink in %% (default 300)")
    parser.add_argument("--min-type-pt", type=float, default=6.0, help="minimum type size in pt (default 6)")
    parser.add_argument("--min-line-pt", type=float, default=0.2, help="hairline threshold in pt (default 0.2)")
    args = parser.parse_args(argv)
    try:
        report = preflight(
            args.file,
            args.profile,
            bleed_mm=args.bleed_mm,
            safe_mm=args.safe_mm,
            min_ppi=args.min_ppi,
            good_ppi=args.good_ppi,
            max_ink=args.max_ink,
            min_type_pt=args.min_type_pt,
            min_line_pt=args.min_line_pt,
        )
    except PreflightError as exc:
        print(f"preflight: {exc}", file=sys.stderr)
        return 2
    print(report.format())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
