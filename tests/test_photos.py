"""Photographs (cover background, section opener, contact portrait), with images the tests make.

One mission with a photo in each place is built once (both editions, preflight included) and read
back: the print edition holds only CMYK images within 300 % ink, at 300 ppi or more where they are
placed, and passes the preflight; the screen edition is PDF/UA-1 with each photo a Figure with its
alt text, and no image above 200 ppi. Then what goes wrong: a photo too coarse for its place, and
files that are not what they claim, each refused with the file, line, field and fix, the previous
PDFs left as they were.
"""

from __future__ import annotations

import functools
import hashlib
import io
import shutil
import struct
import zlib
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from brochure.build import Project, build, check
from brochure.errors import ContentError

from conftest import copy_project, figure_alts, plain

COVER_ALT = "A scientist at a laboratory bench"
OPENER_ALT = "Researchers at work in a cell-culture lab"
PORTRAIT_ALT = "Portrait of the head of the welcome team"
BESIDE_ALT = "A spin-off founder in her first lab"
CREDITS = ("Photo: Cover Studio", "Photo: Lab Studio", "Photo: Portrait Studio")

MISSION = f"""
meta:
  language: en
sections: [cover, at-a-glance, track-record, talent, contact]
overrides:
  cover:
    photo: {{file: photos/cover.jpg, credit: "{CREDITS[0]}", alt: "{COVER_ALT}", focus: [0.5, 0.4]}}
  track-record:
    photo: {{file: photos/cover.jpg, credit: "{CREDITS[0]}", alt: "{BESIDE_ALT}", place: beside, focus: [0.2, 0.2]}}
  talent:
    photo:
      file: photos/lab.png
      credit: "{CREDITS[1]}"
      alt: "{OPENER_ALT}"
  contact:
    contact:
      photo: {{file: photos/face.jpg, credit: "{CREDITS[2]}", alt: "{PORTRAIT_ALT}"}}
"""


def synthetic_photo(width: int, height: int, seed: int = 1) -> Image.Image:
    """An RGB picture with gradients, noise, a white patch (top left quarter) and a black bar."""
    rng = np.random.default_rng(seed)
    y, x = np.ogrid[0:height, 0:width]
    arr = rng.standard_normal((height, width, 3), dtype=np.float32) * 10
    arr[..., 0] += (x * (255 / width)).astype(np.float32)
    arr[..., 1] += (y * (255 / height)).astype(np.float32)
    arr[..., 2] += ((x + y) % 256).astype(np.float32)
    arr[: height // 4, : width // 4] = 255
    arr[height // 2: height // 2 + height // 8, width // 2:] = 0
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8), "RGB")


def save(image: Image.Image, path: Path, **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, **kw)
    return path


@functools.lru_cache(maxsize=None)
def photo_file(kind: str, width: int, height: int, seed: int) -> bytes:
    """The bytes of a synthetic photo as a JPEG, or as a PNG with an (opaque) alpha channel; made
    once per test process, as every project of these tests holds the same few files."""
    out = io.BytesIO()
    image = synthetic_photo(width, height, seed)
    if kind == "png":
        image = image.convert("RGBA")
        image.putalpha(Image.fromarray(np.full((height, width), 255, np.uint8)))
        image.save(out, "PNG")
    else:
        image.save(out, "JPEG", quality=92)
    return out.getvalue()


def photo_project(dest: Path, cover=(2700, 3800), opener=(2400, 940)) -> Path:
    """A project copy with the photo-test mission and its photos; returns the content folder."""
    content = copy_project(dest)
    (content / "photos").mkdir()
    (content / "photos" / "cover.jpg").write_bytes(photo_file("jpeg", *cover, 1))
    # The opener is a PNG with transparency: flattened on white.
    (content / "photos" / "lab.png").write_bytes(photo_file("png", *opener, 2))
    (content / "photos" / "face.jpg").write_bytes(photo_file("jpeg", 420, 420, 3))
    (content / "missions" / "photo-test.yaml").write_text(MISSION, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("photos")
    content = photo_project(root / "project")
    project = Project.at(content, output=root / "out", cache=root / "cache")
    written = {w.edition: w for w in build(project, "photo-test")}
    return content, project, written


def images_on(pdf: pikepdf.Pdf):
    """(page index, name, image XObject) for every image drawn directly on a page."""
    for i, page in enumerate(pdf.pages):
        xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
        for name, xobj in xobjects.items():
            if xobj.get("/Subtype") == "/Image":
                yield i, name, xobj


def cmyk_samples(xobj) -> np.ndarray:
    """The CMYK values (0-255) the PDF means: a DCT image with an Adobe marker is stored inverted
    and declared so with Decode [1 0 1 0 1 0 1 0]; Pillow undoes the inversion from the marker."""
    filters = xobj.Filter
    assert (list(filters) if isinstance(filters, pikepdf.Array) else [filters]) == [pikepdf.Name.DCTDecode]
    assert [float(v) for v in xobj.Decode] == [1, 0] * 4
    with Image.open(io.BytesIO(xobj.read_raw_bytes())) as im:
        assert im.mode == "CMYK" and "adobe" in im.info
        return np.asarray(im, dtype=np.int32)


def placed_images(path: Path):
    """(page index, width px, height px, placed width pt, placed height pt) per image, from pdfium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(doc)):
            for obj in doc[i].get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
                left, bottom, right, top = obj.get_bounds()
                w, h = obj.get_px_size()
                yield i, w, h, right - left, top - bottom
    finally:
        doc.close()


# ----- the print edition ------------------------------------------------------------------------


def test_print_photos_are_cmyk_within_300_percent_ink(built):
    _, _, written = built
    with pikepdf.open(written["print"].path) as pdf:
        found = list(images_on(pdf))
        assert len(found) == 4, found          # cover, two openers, portrait (and nothing else is raster)
        for page, name, xobj in found:
            assert xobj.ColorSpace == pikepdf.Name.DeviceCMYK, (page, name, xobj.ColorSpace)
            samples = cmyk_samples(xobj)
            tac = samples.sum(axis=-1).max() * 100 / 255
            assert tac <= 300.0, f"p.{page + 1} {name}: {tac:.1f} % ink"


def test_print_conversion_keeps_whites_white_and_blacks_black(built):
    """The opener (no overlay): its white patch prints as (almost) no ink, its black bar as a deep
    black with K leading, so the separation is not inverted or shifted."""
    _, _, written = built
    with pikepdf.open(written["print"].path) as pdf:
        opener = [x for _, _, x in images_on(pdf) if int(x.Width) > 2 * int(x.Height)]   # the wide band
        assert len(opener) == 1
        samples = cmyk_samples(opener[0])
    h, w, _ = samples.shape
    white = samples[h // 40: h // 5, w // 40: w // 5]            # inside the white top-left patch
    assert white.sum(axis=-1).mean() * 100 / 255 < 8
    row = (h * 9) // 16                                          # through the black bar
    black = samples[row - 2: row + 2, w // 2 + w // 20: w - w // 20]
    assert black[..., 3].mean() * 100 / 255 > 75
    assert black.sum(axis=-1).mean() * 100 / 255 > 250


def test_print_photos_have_at_least_300_ppi_where_placed(built):
    _, _, written = built
    placed = [p for p in placed_images(written["print"].path)]
    assert len(placed) == 4
    for page, w, h, pw, ph in placed:
        ppi = min(w / (pw / 72), h / (ph / 72))
        assert 300 <= ppi <= 405, f"p.{page + 1}: {ppi:.0f} ppi"


def test_print_edition_preflights_clean(built):
    from brochure.preflight import preflight

    _, _, written = built
    report = preflight(written["print"].path, "print")
    bad = [f"{f.level} {f.check} {f.message}" for f in report.findings if f.level != "PASS"]
    assert not bad, "\n".join(bad)
    found = {f.check: f.message for f in report.findings}
    assert "image placements" in found["image-ppi"]


def test_credit_lines_are_printed_beside_the_photos(built):
    import pypdfium2 as pdfium

    _, _, written = built
    for edition in ("print", "screen"):
        doc = pdfium.PdfDocument(str(written[edition].path))
        try:
            text = " ".join(plain(" ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))).split())
        finally:
            doc.close()
        for credit in CREDITS:
            assert credit in text, (edition, credit)


def test_white_cover_type_keeps_its_contrast_over_the_photo(built):
    """The cover photo lies under a layer of the cover colour: white type has at least 4.5 : 1
    against all but the lightest 0.5 % of it (a few highlights), as the screen shows it."""
    _, _, written = built
    with pikepdf.open(written["screen"].path) as pdf:
        cover = [x for p, _, x in images_on(pdf) if p == 0]
        assert len(cover) == 1
        with Image.open(io.BytesIO(cover[0].read_raw_bytes())) as im:
            rgb = np.asarray(im.convert("RGB"), dtype=np.float64) / 255
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    lum = lin @ np.array([0.2126, 0.7152, 0.0722])
    contrast = 1.05 / (np.percentile(lum, 99.5) + 0.05)
    assert contrast >= 4.3, f"{contrast:.2f} : 1"       # 4.5 as computed; JPEG noise takes a little


def test_crop_fills_the_frame_around_the_focus_point():
    from brochure.graphics.photo import crop_box

    assert crop_box(4000, 2000, 100, 100) == (1000, 0, 3000, 2000)                 # centred
    assert crop_box(4000, 2000, 100, 100, (0.9, 0.5)) == (2000, 0, 4000, 2000)      # as far right as it goes
    assert crop_box(4000, 2000, 100, 100, (0.3, 0.5)) == (200, 0, 2200, 2000)
    # A wide frame on a tall photo: 500 px high, centred on the focus 300 px from the top, or
    # against the top edge when the focus is closer to it than that.
    assert crop_box(1000, 3000, 200, 100, (0.5, 0.1)) == (0, 50, 1000, 550)
    assert crop_box(1000, 3000, 200, 100, (0.5, 0.0)) == (0, 0, 1000, 500)


# ----- the screen edition -----------------------------------------------------------------------


def test_screen_edition_is_pdf_ua1(built):
    import page

    _, _, written = built
    report = page.validate_pdf(str(written["screen"].path), profile="ua1")
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.rules.failed == 0 and report.is_compliant, "\n".join(failures)


def test_each_photo_is_a_figure_with_its_alt_text(built):
    _, _, written = built
    with pikepdf.open(written["screen"].path) as pdf:
        alts = figure_alts(pdf)
    for alt in (COVER_ALT, OPENER_ALT, BESIDE_ALT, PORTRAIT_ALT):
        assert sum(plain(a) == alt for a in alts) == 1, (alt, alts)


def test_screen_photos_are_rgb_and_at_most_200_ppi(built):
    _, _, written = built
    with pikepdf.open(written["screen"].path) as pdf:
        found = list(images_on(pdf))
        assert len(found) == 4
        assert all(x.ColorSpace == pikepdf.Name.DeviceRGB for _, _, x in found)
    for page, w, h, pw, ph in placed_images(written["screen"].path):
        ppi = max(w / (pw / 72), h / (ph / 72))
        assert ppi <= 200.5, f"p.{page + 1}: {ppi:.0f} ppi"


def test_same_photos_give_the_same_bytes(built, tmp_path):
    """Converted again without the cache, the photos embed byte for byte as before."""
    from brochure.graphics import photo

    content, _, _ = built
    source = photo.read(content, "photos/cover.jpg")
    a = photo.prepare(source, "rgb", 400, 300, (0.2, 0.3))
    b = photo.prepare(photo.read(content, "photos/cover.jpg"), "rgb", 400, 300, (0.2, 0.3), cache_dir=tmp_path)
    c = photo.prepare(source, "rgb", 400, 300, (0.2, 0.3), cache_dir=tmp_path)       # from the cache
    assert a.jpeg == b.jpeg == c.jpeg
    assert list(tmp_path.iterdir()), "nothing was cached"


# ----- resolution at the placed size -----------------------------------------------------------


def _outputs(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _expected_ppi(pixels_wide: int) -> tuple[float, float]:
    """(ppi, mm) of an opener band `pixels_wide` across the A4 type area (the band is wider than the
    test images, so their width decides)."""
    from brochure.geometry import Geometry

    width = Geometry.for_paper("A4", 0).content_w
    return pixels_wide / (width / 72), width / 72 * 25.4


def test_photo_under_150_ppi_is_an_error_and_the_previous_pdfs_stay(built, tmp_path):
    _, good, _ = built
    content = photo_project(tmp_path / "project", opener=(800, 320))   # ~115 ppi across the type area
    out = tmp_path / "out"
    shutil.copytree(good.output, out)
    before = _outputs(out)
    # The photos that are fine come from the first build's cache (keyed by their bytes and frame).
    project = Project.at(content, output=out, cache=good.cache)
    with pytest.raises(ContentError) as caught:
        build(project, "photo-test")
    message = str(caught.value)
    assert "photo-test.yaml:" in message and "overrides.talent.photo.file" in message, message
    ppi, width_mm = _expected_ppi(800)
    assert "'photos/lab.png'" in message and f"{width_mm:.0f} \u00d7 70 mm" in message, message
    assert f"{ppi:.0f} ppi" in message, message
    assert "at least" in message and "pixels" in message, message
    assert _outputs(out) == before


def test_check_finds_a_photo_under_150_ppi_as_the_build_does(tmp_path):
    """`check` knows the size each photo is printed at (the layout's own frame sizes), so a photo too
    coarse for print is refused there, not first by the build."""
    from brochure.build import check

    content = photo_project(tmp_path / "project", opener=(800, 320))   # ~115 ppi across the type area
    with pytest.raises(ContentError) as caught:
        check(Project.at(content, cache=tmp_path / "cache"), "photo-test")
    message = str(caught.value)
    assert "photo-test.yaml:" in message and "overrides.talent.photo.file" in message, message
    ppi, _ = _expected_ppi(800)
    assert "'photos/lab.png'" in message and f"{ppi:.0f} ppi" in message, message


def test_photo_under_300_ppi_is_a_warning_on_stderr(built, tmp_path, capsys):
    _, good, _ = built
    content = photo_project(tmp_path / "project", opener=(1600, 700))  # ~231 ppi across the type area
    project = Project.at(content, output=tmp_path / "out", cache=good.cache)
    written = build(project, "photo-test", editions=["print"], preflight=False, parallel=False)
    assert written[0].path.exists()
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, err                         # said once, though laid out in several passes
    assert "photo-test.yaml:" in warnings[0] and "'photos/lab.png'" in warnings[0], err
    ppi, width_mm = _expected_ppi(1600)
    assert f"{ppi:.0f} ppi" in warnings[0] and "300 ppi" in warnings[0], err


# ----- bad image files --------------------------------------------------------------------------


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width x height 8-bit grey pixels and holds one compressed row: what a
    decompression bomb looks like from its header."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1))) + \
        chunk(b"IEND", b"")


def _png_rgb16(width: int, height: int) -> bytes:
    """A 16-bit-per-channel RGB PNG (Pillow opens it as 8-bit RGB, so only its header tells)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x00" * 3 * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _jpeg(image: Image.Image, **kw) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **kw)
    return out.getvalue()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


BAD = {
    # name: (bytes of photos/cover.jpg, words the message must hold)
    "truncated": (lambda: photo_file("jpeg", 2700, 3800, 1)[:200_000], ["damaged or truncated"]),
    "text-renamed": (lambda: b"Not a photo, just notes.\n" * 10, ["not a JPEG or PNG", "looks like text"]),
    "gif-renamed": (lambda: _gif(), ["not a JPEG or PNG", "GIF"]),
    "decompression-bomb": (lambda: _png_header_only(9_000, 9_000), ["81 megapixels", "scale it down"]),
    "huge-side": (lambda: _png_header_only(20_000, 40), ["20,000", "pixels a side"]),
    "16-bit": (lambda: _png(Image.frombytes("I;16", (400, 400), np.full((400, 400), 40_000, "<u2").tobytes())),
               ["16 bits", "8 bits"]),
    "16-bit-rgb": (lambda: _png_rgb16(400, 400), ["16 bits", "8 bits"]),
    "palette": (lambda: _png(synthetic_photo(600, 600).convert("P")), ["palette", "JPEG"]),
}


def _gif() -> bytes:
    out = io.BytesIO()
    synthetic_photo(100, 100).save(out, "GIF")
    return out.getvalue()


@pytest.fixture(scope="module")
def bad_project(tmp_path_factory):
    return photo_project(tmp_path_factory.mktemp("bad") / "project")


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_image_is_a_located_error(bad_project, case):
    data, words = BAD[case]
    (bad_project / "photos" / "cover.jpg").write_bytes(data())
    with pytest.raises(ContentError) as caught:
        check(Project.at(bad_project, cache=None), "photo-test")
    problems = [p for p in caught.value.problems if p.path.endswith("photo.file")]
    # The file is placed twice (cover and beside a title): a problem at each place, nothing else.
    assert [p.path for p in problems] == ["overrides.cover.photo.file", "overrides.track-record.photo.file"], \
        str(caught.value)
    assert len(caught.value.problems) == 2, str(caught.value)
    shown = str(problems[0])
    assert problems[0].file.endswith("photo-test.yaml") and problems[0].line, shown
    assert "overrides.cover.photo.file" in shown and "'photos/cover.jpg'" in shown, shown
    for word in words:
        assert word in shown, shown


def test_bad_image_on_the_command_line_leaves_the_previous_pdfs(built, tmp_path, capsys):
    """The command (its main(), as `brochure build` runs it) says what is wrong in one located line."""
    from brochure.cli import main

    _, good, _ = built
    content = photo_project(tmp_path / "project")
    (content / "photos" / "cover.jpg").write_bytes(BAD["truncated"][0]())
    out = tmp_path / "out"
    shutil.copytree(good.output, out)
    before = _outputs(out)
    code = main(["build", "--content", str(content), "--output", str(out), "--mission", "photo-test"])
    said = capsys.readouterr()
    assert code == 2, said.err
    assert "Traceback" not in said.err + said.out and "damaged or truncated" in said.err, said.err
    assert "photo-test.yaml:" in said.err, said.err
    assert _outputs(out) == before


def test_cmyk_jpeg_is_taken_as_it_is_separated_and_held_to_300_percent(tmp_path):
    """A real CMYK JPEG (Adobe marker: Pillow reads it back uninverted) keeps its separation in print,
    limited to 300 % where it is over, and is converted to sRGB for the screen."""
    from brochure.graphics import photo

    arr = np.zeros((600, 600, 4), np.uint8)
    arr[:300] = (round(0.6 * 255), round(0.2 * 255), 0, round(0.1 * 255))          # a mid blue
    arr[300:] = 255                                                                  # 400 % ink
    save(Image.fromarray(arr, "CMYK"), tmp_path / "cmyk.jpg", quality=95)
    source = photo.read(tmp_path, "cmyk.jpg")
    profile = (Path(__file__).resolve().parents[1] / "assets" / "icc" / "FOGRA39-based.icc").read_bytes()
    placed = photo.prepare(source, "cmyk", 100, 100, None, profile)
    with Image.open(io.BytesIO(placed.jpeg)) as im:
        assert im.mode == "CMYK" and "adobe" in im.info
        out = np.asarray(im, dtype=np.int32)
    blue = out[50:250, 50:250].mean(axis=(0, 1)) / 255 * 100
    assert np.allclose(blue, (60, 20, 0, 10), atol=3), blue
    assert out.sum(axis=-1).max() * 100 / 255 <= 300
    assert out[400:550, 50:550, 3].mean() / 255 > 0.95            # black kept, colour reduced
    screen = photo.prepare(source, "rgb", 100, 100, None, profile)
    with Image.open(io.BytesIO(screen.jpeg)) as im:
        assert im.mode == "RGB"
        r, g, b = np.asarray(im, dtype=np.int32)[50:250, 50:250].mean(axis=(0, 1))
    assert b > r + 40, (r, g, b)                                   # still blue on screen


def test_transparency_is_flattened_on_white(tmp_path):
    from brochure.graphics import photo

    rgba = Image.new("RGBA", (400, 400), (200, 0, 0, 255))
    rgba.paste((0, 0, 0, 0), (0, 0, 400, 200))                    # top half fully transparent
    save(rgba, tmp_path / "a.png")
    placed = photo.prepare(photo.read(tmp_path, "a.png"), "rgb", 100, 100)
    with Image.open(io.BytesIO(placed.jpeg)) as im:
        arr = np.asarray(im, dtype=np.int32)
    h = arr.shape[0]
    assert arr[h // 10: 4 * h // 10].min() >= 245                   # white, not black
    red = arr[6 * h // 10: 9 * h // 10]
    assert red[..., 0].mean() > 150 and red[..., 1].mean() < 60
