"""Files the tool writes for people (a new language's two files, the editor schemas, preview images)
never go through a symbolic link to somewhere else, and are written whole or not at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_project, run_main


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    copy_project(root)
    return root


def test_new_language_never_writes_through_a_dangling_link(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    locale = project / "content" / "locales" / "it.yaml"
    locale.symlink_to(outside / "it.yaml")
    proc = run_main(project, "new-language", "it", "--content", "content")
    assert proc.returncode == 2, proc.stderr
    assert "content/locales/it.yaml: is a symbolic link" in proc.stderr
    assert list(outside.iterdir()) == []
    assert not (project / "content" / "translations" / "it.yaml").exists(), "one file of the two was written"


def test_new_language_refuses_a_folder_that_leads_outside(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    translations = project / "content" / "translations"
    for item in translations.iterdir():
        shutil.move(str(item), outside / item.name)
    translations.rmdir()
    translations.symlink_to(outside)
    before = sorted(p.name for p in outside.iterdir())
    proc = run_main(project, "new-language", "it", "--content", "content")
    assert proc.returncode == 2, proc.stderr
    assert "content/translations: leads outside the project through a symbolic link" in proc.stderr
    assert sorted(p.name for p in outside.iterdir()) == before
    assert not (project / "content" / "locales" / "it.yaml").exists()


def test_new_language_writes_both_files_when_nothing_is_in_the_way(project):
    proc = run_main(project, "new-language", "it", "--content", "content")
    assert proc.returncode == 0, proc.stderr
    for folder in ("translations", "locales"):
        written = project / "content" / folder / "it.yaml"
        assert written.is_file() and not written.is_symlink()
        assert "#" in written.read_text(encoding="utf-8")      # the English source as comments


def test_schema_replaces_a_link_instead_of_writing_where_it_points(project, tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("keep me", encoding="utf-8")
    schemas = project / "schemas"
    schemas.mkdir(exist_ok=True)
    link = schemas / "content.schema.json"
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    proc = run_main(project, "schema", "--output", "schemas")
    assert proc.returncode == 0, proc.stderr
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and '"$schema"' in link.read_text(encoding="utf-8")
    assert not [p for p in schemas.iterdir() if p.name.startswith(".")], "temporary file left behind"
