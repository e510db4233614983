"""In-process caches are keyed by what they depend on: under `watch` (one process, one build after
another) an edited logo, a replaced font file and a changed chart value each show in the next build,
which is byte for byte what a fresh process builds from the same files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from conftest import copy_project


def _fresh_build(content: Path, out: Path) -> bytes:
    proc = subprocess.run([sys.executable, "-m", "brochure", "build", "--content", str(content), "--output", str(out)],
                          env=dict(os.environ, BROCHURE_CACHE=str(out / "cache")), capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    [pdf] = out.glob("*.pdf")
    return pdf.read_bytes()


def test_edits_show_in_the_next_in_process_build(tmp_path):
    from brochure.build import Project
    from brochure.watch import build_once

    content = copy_project(tmp_path / "project")
    brochure = content / "brochure.yaml"
    text = brochure.read_text(encoding="utf-8")
    # One edition keeps the test short; it is laid out in this process, where the caches live.
    brochure.write_text(text.replace("\nmeta:\n", "\nmeta:\n  editions: [screen]\n", 1), encoding="utf-8")
    assets = content.parent / "assets"
    project = Project.at(content, output=tmp_path / "watch-out", cache=tmp_path / "watch-cache")

    def in_process() -> bytes:
        result = build_once(project)
        assert result.ok, result.message
        [pdf] = result.pdfs
        return Path(pdf).read_bytes()

    def swap_fonts():
        regular, italic = assets / "fonts" / "NotoSans-Regular.ttf", assets / "fonts" / "NotoSans-Italic.ttf"
        data = regular.read_bytes()
        shutil.copyfile(italic, regular)
        italic.write_bytes(data)

    def change_chart_value():
        text = brochure.read_text(encoding="utf-8")
        assert "          value: 2.2\n" in text
        brochure.write_text(text.replace("          value: 2.2\n", "          value: 2.4\n", 1), encoding="utf-8")

    def recolour_logo():
        logo = assets / "logos" / "logo.svg"
        svg = logo.read_text(encoding="utf-8")
        assert 'fill="#0B3A6F"' in svg
        logo.write_text(svg.replace('fill="#0B3A6F"', 'fill="#2F6DB5"', 1), encoding="utf-8")    # blue-mid

    before = in_process()
    for n, (name, edit) in enumerate([("logo", recolour_logo), ("fonts", swap_fonts), ("chart", change_chart_value)]):
        edit()
        after = in_process()
        assert after != before, f"the {name} edit did not change the next build"
        assert after == _fresh_build(content, tmp_path / f"fresh-{n}"), \
            f"after the {name} edit the in-process build differs from a fresh process's"
        before = after
    text = "".join(page.extract_text() for page in PdfReader(next((tmp_path / "watch-out").glob("*.pdf"))).pages)
    assert "2.4" in text
