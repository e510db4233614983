"""Partner logos in PNG or JPEG, beside an SVG one, with images the tests make.

A mission with four partners (an SVG, a PNG with a transparent ground, a palette PNG and a JPEG) is
built once, both editions, and read back: in print the raster logos are CMYK within 300 % ink, at
300 ppi or more where they are placed, their transparent ground white paper (no ink), the SVG still
vector, and the preflight passes; the screen edition is PDF/UA-1 with every logo a Figure whose alt
text names the partner. Then what goes wrong: a logo too coarse for its place is an error naming the
file and the fix (the previous PDFs stay), a slightly coarse one a warning, and bad files get the
same answers as photographs do.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from brochure.build import Project, build, check
from brochure.errors import ContentError

from conftest import copy_project, figure_alts, plain
from test_photos import _gif, _jpeg, _png, _png_header_only, _png_rgb16, cmyk_samples, images_on, placed_images

NAMES = ("Vector Partner", "Alpha Partner", "Palette Partner", "Jpeg Partner")
MISSION = f"""
meta:
  language: en
sections: [cover, at-a-glance, contact]
partners:
  - {{name: {NAMES[0]}, logo: logos/fixture-partner.svg}}
  - {{name: {NAMES[1]}, logo: logos/alpha.png}}
  - {{name: {NAMES[2]}, logo: logos/palette.png}}
  - {{name: {NAMES[3]}, logo: logos/photo.jpg}}
"""


def logo_width() -> float:
    from brochure.geometry import Geometry

    return Geometry.for_paper("A4", 0).span(2)


def wordmark(width: int, height: int, ground=(0, 0, 0, 0)) -> Image.Image:
    """A logo: a deep red block on the left third and a blue bar on the right, on `ground` (RGBA)."""
    im = Image.new("RGBA", (width, height), ground)
    im.paste((200, 20, 30, 255), (0, 0, width // 3, height))
    im.paste((20, 60, 160, 255), (width // 2, height // 3, width - width // 20, 2 * height // 3))
    return im


def logo_project(dest: Path, alpha=(360, 120), palette=(330, 110), jpeg=(360, 120)) -> Path:
    content = copy_project(dest)
    logos = content / "logos"
    wordmark(*alpha).save(logos / "alpha.png")                             # transparent ground
    indexed = wordmark(*palette).convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    indexed.save(logos / "palette.png", transparency=indexed.getpixel((palette[0] - 1, 0)))
    wordmark(*jpeg, ground=(255, 255, 255, 255)).convert("RGB").save(logos / "photo.jpg", quality=92)
    (content / "missions" / "logo-test.yaml").write_text(MISSION, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("logos")
    content = logo_project(root / "project")
    project = Project.at(content, output=root / "out", cache=root / "cache")
    written = {w.edition: w for w in build(project, "logo-test")}
    return content, project, written


# ----- the print edition ------------------------------------------------------------------------


def test_print_raster_logos_are_cmyk_within_300_percent_ink_and_the_svg_stays_vector(built):
    _, _, written = built
    with pikepdf.open(written["print"].path) as pdf:
        found = list(images_on(pdf))
        last = len(pdf.pages) - 1
        # three raster logos on the back cover, and no other image: the SVG logo is drawn as paths
        assert [page for page, _, _ in found] == [last] * 3, found
        for _, name, xobj in found:
            assert xobj.ColorSpace == pikepdf.Name.DeviceCMYK, (name, xobj.ColorSpace)
            samples = cmyk_samples(xobj)
            assert samples.sum(axis=-1).max() * 100 / 255 <= 300.0, name


def test_transparent_ground_prints_as_white_paper(built):
    """The logos' transparent ground is flattened onto white: no ink there; the red block is inked."""
    _, _, written = built
    with pikepdf.open(written["print"].path) as pdf:
        found = [cmyk_samples(x) for _, _, x in images_on(pdf)]
    assert len(found) == 3
    for samples in found:
        h, w, _ = samples.shape
        ground = samples[h // 10: h // 4, w // 3 + w // 30: w // 2 - w // 30]     # between block and bar
        assert ground.sum(axis=-1).mean() * 100 / 255 < 3, ground.sum(axis=-1).mean()
        red = samples[h // 4: 3 * h // 4, w // 30: w // 3 - w // 30].mean(axis=(0, 1)) * 100 / 255
        assert red[1] > 70 and red[0] < 25, red          # magenta-led, as a deep red separates


def test_print_logos_have_at_least_300_ppi_where_placed(built):
    _, _, written = built
    placed = list(placed_images(written["print"].path))
    assert len(placed) == 3
    for page, w, h, pw, ph in placed:
        assert abs(pw - logo_width()) < 0.5, pw                  # two grid columns wide
        assert abs(pw / ph - 3) < 0.05, (pw, ph)                  # at the logo's own proportions
        ppi = min(w / (pw / 72), h / (ph / 72))
        assert 300 <= ppi <= 405, f"p.{page + 1}: {ppi:.0f} ppi"


def test_print_edition_preflights_clean(built):
    from brochure.preflight import preflight

    _, _, written = built
    report = preflight(written["print"].path, "print")
    bad = [f"{f.level} {f.check} {f.message}" for f in report.findings if f.level != "PASS"]
    assert not bad, "\n".join(bad)


# ----- the screen edition -----------------------------------------------------------------------


def test_screen_edition_is_pdf_ua1(built):
    import page

    _, _, written = built
    report = page.validate_pdf(str(written["screen"].path), profile="ua1")
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.rules.failed == 0 and report.is_compliant, "\n".join(failures)


def test_every_logo_is_a_figure_named_after_its_partner(built):
    _, _, written = built
    with pikepdf.open(written["screen"].path) as pdf:
        found = list(images_on(pdf))
        assert len(found) == 3 and all(x.ColorSpace == pikepdf.Name.DeviceRGB for _, _, x in found)
        alts = [plain(alt) for alt in figure_alts(pdf)]
    for name in NAMES:
        assert sum(name in alt for alt in alts) == 1, (name, alts)


# ----- resolution at the placed size ------------------------------------------------------------


def _outputs(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_logo_under_150_ppi_is_an_error_naming_the_file_and_the_previous_pdfs_stay(built, tmp_path):
    _, good, _ = built
    content = logo_project(tmp_path / "project", palette=(120, 40))       # about 119 ppi
    out = tmp_path / "out"
    shutil.copytree(good.output, out)
    before = _outputs(out)
    with pytest.raises(ContentError) as caught:
        build(Project.at(content, output=out, cache=good.cache), "logo-test")
    message = str(caught.value)
    assert "logo-test.yaml:" in message and "partners" in message and "logo" in message, message
    ppi = 120 / (logo_width() / 72)
    assert "'logos/palette.png'" in message and f"{ppi:.0f} ppi" in message, message
    assert f"{logo_width() / 72 * 25.4:.0f} \u00d7" in message, message             # the placed size
    assert "use a logo of at least 303 \u00d7 101 pixels" in message, message        # the fix
    assert _outputs(out) == before


def test_logo_under_300_ppi_is_a_warning_on_stderr(tmp_path, capsys):
    content = logo_project(tmp_path / "project", jpeg=(240, 80))             # about 238 ppi
    project = Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache")
    written = build(project, "logo-test", editions=["print"], preflight=False, parallel=False)
    assert written[0].path.exists()
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, warnings
    assert "logo-test.yaml:" in warnings[0] and "'logos/photo.jpg'" in warnings[0], warnings
    assert f"{240 / (logo_width() / 72):.0f} ppi" in warnings[0] and "300 ppi" in warnings[0], warnings


# ----- bad files --------------------------------------------------------------------------------


def _cmyk_jpeg() -> bytes:
    arr = np.zeros((120, 360, 4), np.uint8)
    arr[:, :120] = (0, 230, 200, 10)
    return _jpeg(Image.fromarray(arr, "CMYK"), quality=95)


BAD = {
    # name: (file name, bytes, words the message must hold)
    "truncated": ("logos/bad.jpg", lambda: _jpeg(wordmark(900, 300).convert("RGB"), quality=92)[:600],
                  ["damaged or truncated", "export or copy the logo again"]),
    "text-renamed": ("logos/bad.png", lambda: b"<html>not a logo</html>\n" * 10,
                     ["not a JPEG or PNG", "looks like text", "export the logo as SVG, or as PNG or JPEG"]),
    "gif-renamed": ("logos/bad.png", _gif, ["not a JPEG or PNG", "GIF"]),
    "decompression-bomb": ("logos/bad.png", lambda: _png_header_only(9_000, 9_000), ["81 megapixels"]),
    "huge-side": ("logos/bad.png", lambda: _png_header_only(20_000, 40), ["20,000", "pixels a side"]),
    "16-bit": ("logos/bad.png", lambda: _png_rgb16(360, 120), ["16 bits", "8 bits"]),
    "gif-file": ("logos/mark.gif", _gif, [".gif is not supported", "SVG", "PNG or JPEG"]),
}


@pytest.fixture(scope="module")
def bad_project(tmp_path_factory):
    return logo_project(tmp_path_factory.mktemp("bad") / "project")


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_logo_is_a_located_error(bad_project, case):
    name, data, words = BAD[case]
    mission = bad_project / "missions" / "logo-test.yaml"
    original = mission.read_text(encoding="utf-8")
    path = bad_project / name
    path.write_bytes(data())
    mission.write_text(original.replace("logos/alpha.png", name), encoding="utf-8")     # on line 7
    try:
        with pytest.raises(ContentError) as caught:
            check(Project.at(bad_project, cache=None), "logo-test")
    finally:
        mission.write_text(original, encoding="utf-8")
        path.unlink()
    problems = caught.value.problems
    assert len(problems) == 1, str(caught.value)
    shown = str(problems[0])
    assert problems[0].file.endswith("logo-test.yaml") and problems[0].line == 7, shown
    assert "partners" in shown and f"{name!r}" in shown, shown
    for word in words:
        assert word in shown, shown


@pytest.mark.parametrize("kind", ["cmyk-jpeg", "grey-png", "rgba-png"])
def test_other_logo_files_are_accepted(bad_project, kind):
    """A CMYK JPEG (taken as separated), an 8-bit grey PNG and one with alpha pass the check."""
    path = bad_project / "logos" / "photo.jpg"
    kept = path.read_bytes()
    data = {"cmyk-jpeg": _cmyk_jpeg, "grey-png": lambda: _png(wordmark(360, 120).convert("L")),
            "rgba-png": lambda: _png(wordmark(360, 120))}[kind]()
    path.write_bytes(data)
    try:
        check(Project.at(bad_project, cache=None), "logo-test")
    finally:
        path.write_bytes(kept)


def test_cmyk_jpeg_logo_keeps_its_separation_in_print(tmp_path):
    from brochure.graphics import photo

    (tmp_path / "cmyk.jpg").write_bytes(_cmyk_jpeg())
    source = photo.read(tmp_path, "cmyk.jpg", logo=True)
    profile = (Path(__file__).resolve().parents[1] / "assets" / "icc" / "FOGRA39-based.icc").read_bytes()
    placed = photo.prepare(source, "cmyk", logo_width(), logo_width() / 3, None, profile)
    with Image.open(io.BytesIO(placed.jpeg)) as im:
        out = np.asarray(im, dtype=np.int32)
    h, w, _ = out.shape
    block = out[h // 4: 3 * h // 4, w // 30: w // 3 - w // 30].mean(axis=(0, 1)) * 100 / 255
    assert np.allclose(block, (0, 90, 78, 4), atol=3), block
