"""Preview: page thumbnails and one contact sheet (PNG) of a brochure, as a reader sees the booklet.

`run` builds the edition first when its PDF is missing or older than any of its inputs (content,
mission, translation, interface strings, brand file and brand assets), else reuses the PDF.
Thumbnails are rendered with pypdfium2; the print edition is cut to its trim box, so bleed and
crop marks do not show. The contact sheet lays the pages out as a saddle-stitched booklet: the
cover alone on the right, then the spreads 2-3, 4-5, ..., and an even last page alone on the left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DPI = 54                        # thumbnails: an A4 page is 446 x 631 pixels
COLUMNS = 4                     # spreads per row on the contact sheet
MARGIN = 32                     # pixels around the sheet
GAP_X = 28                      # between spreads in a row
GAP_Y = 20                      # between rows (below the page numbers)
LABEL = 30                      # height of the page-number band under each spread
BACKGROUND = (226, 226, 226)    # light grey
LABEL_COLOUR = (90, 90, 90)


@dataclass(frozen=True)
class Preview:
    pdf: Path
    pages: list[Path]
    sheet: Path

    @property
    def paths(self) -> list[Path]:
        return [*self.pages, self.sheet]


def run(project, mission: str | None = None, edition: str = "screen") -> list[Path]:
    """Build the edition if needed, then write thumbnails and the contact sheet; returns their paths."""
    from .build import build, check, output_path

    loaded = check(project, mission)
    content, theme = loaded
    pdf = output_path(project, content, edition)
    if not is_fresh(pdf, input_files(project, content)):
        build(project, mission, [edition], loaded=loaded)
    return render(pdf, label_font=theme.fonts.get("latin", {}).get("regular")).paths


def input_files(project, content) -> list[Path]:
    """Every file the PDF depends on: the content files read for it and everything in the brand folder."""
    files = [Path(f) for f in content.files]
    brand = Path(project.brand)
    files.append(brand)
    files += [p for p in brand.parent.rglob("*") if p.is_file()]
    return files


def is_fresh(pdf: Path, inputs: list[Path]) -> bool:
    """True when `pdf` exists and is at least as new as every input file."""
    try:
        built = pdf.stat().st_mtime
    except (FileNotFoundError, NotADirectoryError):     # (the build names a folder that is a file)
        return False
    return all(not p.exists() or p.stat().st_mtime <= built for p in inputs)


def preview_folder(pdf: Path) -> Path:
    return Path(pdf).parent / "preview"


def page_path(pdf: Path, number: int) -> Path:
    return preview_folder(pdf) / f"{Path(pdf).stem}-page-{number:02d}.png"


def sheet_path(pdf: Path) -> Path:
    return preview_folder(pdf) / f"{Path(pdf).stem}-contact-sheet.png"


def render(pdf: Path, dpi: float = DPI, label_font: Path | None = None) -> Preview:
    """Write one PNG per page and the contact sheet for `pdf` (old thumbnails of this PDF are removed)."""
    import pypdfium2 as pdfium

    pdf = Path(pdf)
    folder = preview_folder(pdf)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{pdf.stem}-page-*.png"):
        old.unlink()
    images = []
    pages = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                image = page.render(scale=dpi / 72, crop=_trim_crop(page)).to_pil().convert("RGB")
            finally:
                page.close()
            target = page_path(pdf, index + 1)
            _save(image, target)
            images.append(image)
            pages.append(target)
    finally:
        document.close()
    sheet = contact_sheet(images, label_font)
    target = sheet_path(pdf)
    _save(sheet, target)
    return Preview(pdf, pages, target)


def _save(image, target: Path) -> None:
    """A PNG written whole or not at all, never through a link."""
    import io

    from .files import replace_file

    data = io.BytesIO()
    image.save(data, format="PNG", optimize=True)
    replace_file(target, data.getvalue())


def _trim_crop(page) -> tuple[float, float, float, float]:
    """How much to cut from each side of the visible page to show only the trimmed page."""
    cl, cb, cr, ct = page.get_cropbox()
    tl, tb, tr, tt = page.get_trimbox()
    crop = (tl - cl, tb - cb, cr - tr, ct - tt)
    return tuple(max(0.0, c) for c in crop)


def spreads(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers as a reader opens a saddle-stitched booklet; None is an empty side."""
    if pages < 1:
        return []
    out: list[tuple[int | None, int | None]] = [(None, 1)]
    for left in range(2, pages + 1, 2):
        out.append((left, left + 1 if left + 1 <= pages else None))
    return out


def layout(pages: int, page_w: int, page_h: int, columns: int = COLUMNS):
    """Sheet size and, per page number, the top-left corner of its thumbnail on the sheet."""
    rows = spreads(pages)
    cols = max(1, min(columns, len(rows)))
    lines = -(-len(rows) // cols)
    width = 2 * MARGIN + cols * 2 * page_w + (cols - 1) * GAP_X
    height = 2 * MARGIN + lines * (page_h + LABEL) + (lines - 1) * GAP_Y
    where: dict[int, tuple[int, int]] = {}
    for i, (left, right) in enumerate(rows):
        x = MARGIN + (i % cols) * (2 * page_w + GAP_X)
        y = MARGIN + (i // cols) * (page_h + LABEL + GAP_Y)
        if left:
            where[left] = (x, y)
        if right:
            where[right] = (x + page_w, y)
    return (width, height), where


def contact_sheet(images: list, label_font: Path | None = None):
    """One image with every page in booklet spreads, page numbers under each page."""
    from PIL import Image, ImageDraw

    if not images:
        raise ValueError("the PDF has no pages")
    page_w = max(im.width for im in images)
    page_h = max(im.height for im in images)
    size, where = layout(len(images), page_w, page_h)
    sheet = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = _font(label_font, max(11, LABEL // 2))
    for number, image in enumerate(images, start=1):
        x, y = where[number]
        sheet.paste(image, (x, y))
        draw.text((x + page_w / 2, y + page_h + LABEL / 2), str(number), fill=LABEL_COLOUR, font=font, anchor="mm")
    return sheet


def _font(path: Path | None, size: int):
    from PIL import ImageFont

    if path:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)
