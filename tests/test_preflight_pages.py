"""The content pass keeps what it found on each page between builds (preflight/pages.py): a page that
is the same as last time is not walked again, and the report is the one a full pass gives."""

from __future__ import annotations

import json
import shutil

import pytest

import pdf_factory as F
from pdf_factory import ink_400, rgb_text, text_in_safe_zone
from brochure.preflight import preflight
from brochure.preflight.pages import PageCache


def _walked(monkeypatch) -> list[int]:
    """The pages the content pass walks from now on, and (as negative numbers) the pages the text
    pass reads."""
    from brochure.preflight import worker
    from brochure.preflight.content import _Walker

    pages: list[int] = []
    walk, read = _Walker.walk_page, worker.scan_pages

    def walk_page(self, pageno, page):
        pages.append(pageno)
        return walk(self, pageno, page)

    def scan_pages(path, boxes, safe_pt, want_safe, wanted=None):
        found = read(path, boxes, safe_pt, want_safe, wanted)
        pages.extend(-page for page in found)
        return found

    monkeypatch.setattr(_Walker, "walk_page", walk_page)
    monkeypatch.setattr(worker, "scan_pages", scan_pages)
    return pages


@pytest.mark.parametrize("defect", [None, ink_400, rgb_text, text_in_safe_zone],
                         ids=["clean", "ink-400", "rgb", "safe-zone"])
def test_kept_pages_give_the_report_of_a_full_pass(tmp_path, monkeypatch, defect):
    pdf = F.build_pdf(tmp_path / "a.pdf", extra=defect, extra_pages=(1,))
    full = preflight(pdf)
    first = preflight(pdf, cache_dir=tmp_path / "cache")
    walked = _walked(monkeypatch)
    again = preflight(pdf, cache_dir=tmp_path / "cache")
    assert walked == [], "unchanged pages were walked or read again"
    assert full.findings == first.findings == again.findings
    assert full.failed == again.failed == (defect is not None)


def test_a_changed_page_is_walked_again_and_its_defect_found(tmp_path, monkeypatch):
    clean = F.build_pdf(tmp_path / "clean.pdf")
    preflight(clean, cache_dir=tmp_path / "cache", cache_name="brochure.pdf")
    bad = F.build_pdf(tmp_path / "bad.pdf", extra=ink_400, extra_pages=(2,))
    walked = _walked(monkeypatch)
    kept = preflight(bad, cache_dir=tmp_path / "cache", cache_name="brochure.pdf")
    assert sorted(walked) == [-3, 3], walked
    assert kept.findings == preflight(bad).findings
    assert any(f.level == "FAIL" and f.check == "ink-coverage" for f in kept.findings)


def test_the_same_page_in_another_profile_or_pdf_is_not_taken(tmp_path, monkeypatch):
    pdf = F.build_pdf(tmp_path / "a.pdf", extra=rgb_text, extra_pages=(0,))
    preflight(pdf, "screen", cache_dir=tmp_path / "cache")
    walked = _walked(monkeypatch)
    report = preflight(pdf, "print", cache_dir=tmp_path / "cache")
    assert sorted(walked) == [-4, -3, -2, -1, 1, 2, 3, 4]
    assert any(f.level == "FAIL" and f.check == "colour-space" for f in report.findings)


def test_a_damaged_or_edited_entry_is_only_a_miss(tmp_path, monkeypatch):
    pdf = F.build_pdf(tmp_path / "a.pdf", extra=ink_400, extra_pages=(0,))
    full = preflight(pdf)
    preflight(pdf, cache_dir=tmp_path / "cache")
    [entry] = (tmp_path / "cache").iterdir()
    shutil.copy(entry, tmp_path / "kept")
    # An entry whose findings were edited (a failing page made clean) no longer verifies.
    raw = entry.read_bytes()
    header, body = raw.split(b"\n", 1)
    data = json.loads(body)
    for page in data.values():
        page["fields"] = []
    entry.write_bytes(header + b"\n" + json.dumps(data).encode())
    walked = _walked(monkeypatch)
    assert preflight(pdf, cache_dir=tmp_path / "cache").findings == full.findings
    assert sorted(walked) == [-4, -3, -2, -1, 1, 2, 3, 4]


def test_a_new_kind_of_finding_turns_the_cache_off(tmp_path, monkeypatch):
    """A field added to what the content pass collects, which the cache does not know how to keep,
    makes it walk every page rather than drop the new finding."""
    import dataclasses

    from brochure.preflight import content

    grown = dataclasses.make_dataclass("_Scan", [("spot", dict, dataclasses.field(default_factory=dict))],
                                       bases=(content._Scan,))
    monkeypatch.setattr("brochure.preflight.pages._Scan", grown)
    assert not PageCache(tmp_path, "a.pdf", ()).enabled
