"""Only regular files of a sane size are read as assets: a named pipe, a device or a huge file inside
the project is refused by name before anything reads it (nothing blocks, nothing fills memory)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import copy_project, run_main

from brochure.assets import MAX_ASSET_BYTES, resolve_asset


def test_a_named_pipe_is_refused_without_being_opened(tmp_path):
    os.mkfifo(tmp_path / "logo.svg")        # opening it for reading would block forever
    with pytest.raises(ValueError, match=r"'logo.svg' is not a regular file; expected a file"):
        resolve_asset(tmp_path, "logo.svg")


def test_a_device_linked_inside_the_folder_is_refused(tmp_path):
    inside = tmp_path / "devices"
    inside.mkdir()
    # /dev/zero reached through a link is outside the folder; a link to it from inside is too
    (inside / "zero.svg").symlink_to("/dev/zero")
    with pytest.raises(ValueError, match="points outside"):
        resolve_asset(tmp_path, "devices/zero.svg")


def test_a_file_over_the_size_limit_is_refused_without_being_read(tmp_path):
    huge = tmp_path / "huge.png"
    with huge.open("wb") as handle:          # sparse: no disk space used
        handle.truncate(MAX_ASSET_BYTES + 1)
    with pytest.raises(ValueError, match=r"'huge.png': is [\d,]+ bytes; an asset may be at most"):
        resolve_asset(tmp_path, "huge.png")
    assert resolve_asset(tmp_path, "huge.png", limit=MAX_ASSET_BYTES + 1) == huge.resolve()


def test_check_names_the_mission_line_of_a_partner_logo_that_is_a_pipe(tmp_path):
    root = tmp_path / "project"
    content = copy_project(root)
    os.mkfifo(content / "logos" / "pipe.svg")
    mission = content / "missions" / "local-office.yaml"
    text = mission.read_text(encoding="utf-8").replace("logos/fixture-partner.svg", "logos/pipe.svg")
    mission.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "logos/pipe.svg" in t)
    proc = run_main(Path(root), "check", "--content", "content", "--mission", "local-office")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"content/missions/local-office.yaml:{line}:" in proc.stderr, proc.stderr
    assert "is not a regular file" in proc.stderr, proc.stderr
