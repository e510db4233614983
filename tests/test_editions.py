"""Editions are a registry: each edition module registers itself, and the content model, the command
line and the build read the registry. A third edition is one new module: here a throwaway "proof"
edition, registered by the test, is accepted by meta.editions and --edition and built like the others."""

from __future__ import annotations

import dataclasses

import pytest
from pypdf import PdfReader

from brochure import editions
from brochure.editions import Edition

from conftest import copy_project


def test_the_shipped_editions_register_themselves():
    assert editions.names() == ["print", "screen"]
    assert editions.get("print").colour_space == "cmyk" and editions.get("screen").colour_space == "rgb"
    with pytest.raises(ValueError, match="unknown edition 'html'"):
        editions.get("html")


def test_two_editions_with_one_name_are_refused():
    screen = editions.get("screen")
    assert editions.register(screen) is screen          # the same edition again is harmless
    with pytest.raises(ValueError, match="two editions are called 'screen'"):
        editions.register(dataclasses.replace(screen, bleed=1.0))


@pytest.fixture
def proof(monkeypatch):
    """A throwaway edition: screen colours and size, its PDF written as laid out, no preflight."""
    finished = []

    def finish(path, content, theme, geometry, rendered, issued, cache_dir=None):
        finished.append(path)

    editions.names()        # the shipped editions first
    edition = Edition("proof", "rgb", 0, 0, lambda canvas, geometry: None, finish, preflight=None)
    monkeypatch.setitem(editions._REGISTRY, "proof", edition)
    return finished


def test_a_new_edition_is_known_to_the_model_and_the_command_line(proof):
    from brochure.cli import main
    from brochure.content.models import Meta

    meta = {"title": "T", "subject": "S", "author": "A"}
    assert Meta.model_validate({**meta, "editions": ["proof"]}).editions == ["proof"]
    assert Meta.model_validate(meta).editions == ["print", "screen", "proof"]
    with pytest.raises(ValueError, match='did you mean "proof"'):
        Meta.model_validate({**meta, "editions": ["prof"]})
    with pytest.raises(SystemExit) as usage:
        main(["build", "--edition", "prof"])
    assert usage.value.code == 2


def test_a_new_edition_builds(proof, tmp_path, capsys):
    from brochure.cli import main

    content = copy_project(tmp_path)
    out = tmp_path / "out"
    assert main(["build", "--content", str(content), "--output", str(out), "--edition", "proof"]) in (0, None)
    [pdf] = sorted(out.glob("*.pdf"))
    assert pdf.name.endswith("-en-proof.pdf")
    assert len(proof) == 1
    pages = PdfReader(pdf).pages
    assert len(pages) % 4 == 0 and "Talent" in "".join(page.extract_text() for page in pages)
