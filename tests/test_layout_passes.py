"""The layout's passes: a layout that settles is returned; one that oscillates (contents page numbers
or padding pages that keep changing) is an error naming the cause, never a PDF with wrong numbers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from brochure import layout
from brochure.errors import BrochureError


def _content(pad: bool = True):
    return SimpleNamespace(brochure=SimpleNamespace(meta=SimpleNamespace(pad_to_booklet=pad)))


def _fake_layout(monkeypatch, answer):
    """Replace one layout pass by `answer(notes, numbers) -> (pages, section_pages, wants_numbers)`."""
    calls = []

    def fake(content, theme, edition, fonts, charts, issued, notes, numbers, cache_dir=None):
        calls.append((notes, dict(numbers)))
        pages, section_pages, wants = answer(notes, numbers)
        return layout.Rendered(b"", pages, None, [], section_pages, notes), wants

    monkeypatch.setattr(layout, "_layout", fake)
    return calls


EDITION = SimpleNamespace(name="screen")


def test_a_layout_that_settles_is_returned(monkeypatch):
    # 13 pages of content: 3 padding pages make 16; the contents list settles on the second pass.
    calls = _fake_layout(monkeypatch, lambda notes, numbers: (13 + notes, {"intro": 2, "talent": 5}, True))
    result = layout.render(_content(), None, EDITION, None, {})
    assert result.pages == 16 and result.notes_pages == 3
    assert len(calls) == 2


def test_contents_numbers_that_oscillate_are_an_error(monkeypatch):
    # Printing page 9 pushes the talent section to page 10 and printing 10 pulls it back to 9.
    calls = _fake_layout(monkeypatch, lambda notes, numbers: (
        16, {"intro": 2, "talent": 10 if numbers.get("talent") == 9 else 9}, True))
    with pytest.raises(BrochureError) as raised:
        layout.render(_content(), None, EDITION, None, {})
    message = str(raised.value)
    assert "screen edition's layout did not settle" in message
    assert "contents list's page numbers" in message and '"talent" page' in message
    assert len(calls) <= layout.MAX_PASSES


def test_padding_that_oscillates_is_an_error(monkeypatch):
    # One padding page makes a long notes page spill onto another: 1 -> 3 -> 1 ...
    _fake_layout(monkeypatch, lambda notes, numbers: (14 + (2 if notes == 1 else 1) + notes, {}, False))
    with pytest.raises(BrochureError, match="padding pages needed to reach a multiple of 4 went from"):
        layout.render(_content(), None, EDITION, None, {})


def test_a_layout_that_keeps_moving_stops_after_max_passes(monkeypatch):
    calls = _fake_layout(monkeypatch, lambda notes, numbers: (16, {"talent": numbers.get("talent", 0) + 1}, True))
    with pytest.raises(BrochureError, match=f"after {layout.MAX_PASSES} passes"):
        layout.render(_content(), None, EDITION, None, {})
    assert len(calls) == layout.MAX_PASSES
