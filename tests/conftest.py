"""Shared fixtures for the end-to-end tests: one real build of the base brochure per test session,
and a helper that copies the content (with the brand assets beside it) for tests that change it.

The tests never read content/ as it happens to be: the files the tests are written against (the
shipped example content, named in SHIPPED) and tests/fixtures/content are copied to a temporary
project once per test process, and CONTENT points there. Missions or languages a user adds to
content/ are not part of it, so they can never turn the suite red."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "content"
SHIPPED = (
    "brochure.yaml", "places.yaml", "typography.yaml",
    *(f"locales/{lang}.yaml" for lang in ("en", "nl", "fr", "de", "ja")),
    *(f"translations/{lang}.yaml" for lang in ("nl", "fr", "de", "ja")),
    *(f"missions/{name}.yaml" for name in ("boston-bio", "germany-mission", "japan-partnering")),
)


def prepare_project(repo: Path, dest: Path) -> Path:
    """dest/content (the SHIPPED files of repo/content plus the test fixtures) and dest/assets;
    returns the content folder."""
    content = dest / "content"
    for name in SHIPPED:
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(repo / "content" / name, content / name)
    shutil.copytree(FIXTURES, content, dirs_exist_ok=True)
    shutil.copytree(repo / "assets", dest / "assets")
    return content


_PROJECT = Path(tempfile.mkdtemp(prefix="brochure-tests-"))
atexit.register(shutil.rmtree, _PROJECT, ignore_errors=True)
CONTENT = prepare_project(REPO, _PROJECT)
ASSETS = _PROJECT / "assets"


def run_main(root: Path, *args: str, env: dict | None = None):
    """`brochure ARGS` as its main() runs it, in this process: in the folder `root`, with
    BROCHURE_CACHE=root/cache and `env` added to the environment, and its output streams captured.
    Returns a subprocess.CompletedProcess, as a run in a process of its own would (an exception
    main() lets through is printed as the process would print it, as a traceback, with status 1).
    Saves an interpreter start-up (a fifth of a second) where the test needs no process of its own."""
    import contextlib
    import io
    import os
    import subprocess
    import traceback

    from brochure.cli import main

    out, err = io.StringIO(), io.StringIO()
    changes = {"BROCHURE_CACHE": str(Path(root) / "cache"), **(env or {})}
    saved_env = {name: os.environ.get(name) for name in changes}
    saved_cwd = os.getcwd()
    os.environ.update(changes)
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:          # argparse's own exit
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:              # noqa: B036 - what the process would print and exit with
                traceback.print_exc()
                code = 1
    finally:
        os.chdir(saved_cwd)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(["brochure", *args], code, out.getvalue(), err.getvalue())


@dataclass
class Built:
    """What one build wrote: the folder, the Written records and the PDF per edition."""

    output: Path
    cache: Path
    written: list

    def pdf(self, edition: str) -> Path:
        for item in self.written:
            if item.edition == edition:
                return Path(item.path)
        raise KeyError(f"no {edition} edition in {[w.edition for w in self.written]}")

    def record(self, edition: str):
        return next(w for w in self.written if w.edition == edition)


def build_into(content: Path, root: Path, cache: Path | None = None) -> Built:
    """Build every edition of the brochure in `content` into root/out (its cache folder: root/cache)."""
    from brochure.build import Project, build

    out = root / "out"
    cache = cache or root / "cache"
    project = Project.at(Path(content), output=out, cache=cache)
    return Built(out, cache, build(project))


def copy_project(dest: Path) -> Path:
    """Copy content/ and assets/ side by side into `dest` (the brand file is found at
    content/../assets/brand.yml); returns the copied content folder."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CONTENT, dest / "content")
    shutil.copytree(ASSETS, dest / "assets")
    return dest / "content"


@functools.cache
def _inputs_digest() -> str:
    """What a shared build is made from: every file of the test content and assets (names and bytes)."""
    import hashlib

    digest = hashlib.sha256()
    for folder in (CONTENT, ASSETS):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def shared_folder(tmp_path_factory) -> Path:
    """A folder every worker of this test run sees (pytest-xdist gives each worker its own temporary
    folder, inside the run's): builds made there by one worker are read by the others."""
    import os

    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / "shared-builds"
    folder.mkdir(exist_ok=True)
    return folder


def shared_build(tmp_path_factory, name: str, make) -> Built:
    """`make(folder)` run once per test run for `name` (and the content and assets it reads), by
    whichever worker asks first; a worker that asks meanwhile waits for it, then every worker reads
    the same PDFs. A build that fails is not kept: the next worker to ask tries again (and fails the
    same way, in its own test)."""
    import fcntl
    import pickle

    folder = shared_folder(tmp_path_factory) / f"{name}-{_inputs_digest()}"
    record = folder / "built.pickle"
    folder.mkdir(exist_ok=True)
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if record.is_file():
            return pickle.loads(record.read_bytes())    # written below, by a worker of this run
        built = make(folder)
        record.write_bytes(pickle.dumps(built))
        return built


class MissionBuilds:
    """Each mission built once per test run (both editions, preflight included), on first use, by
    whichever worker asks first (shared_build); every build shares one cache folder, which the batch
    test reuses warm."""

    def __init__(self, factory):
        self.factory = factory
        self.root = shared_folder(factory) / f"missions-{_inputs_digest()}"
        self.output = self.root / "output"
        self.cache = self.root / "cache"
        self._built: dict[str, Built] = {}

    def __call__(self, name: str) -> Built:
        if name not in self._built:
            def make(_folder: Path) -> Built:
                from brochure.build import Project, build

                project = Project.at(CONTENT, output=self.output, cache=self.cache)
                return Built(self.output, self.cache, build(project, name))

            self._built[name] = shared_build(self.factory, f"mission-{name}", make)
        return self._built[name]


@pytest.fixture(scope="session")
def mission_builds(tmp_path_factory) -> MissionBuilds:
    """The example missions' builds, shared by every test file (and worker) that reads them back."""
    return MissionBuilds(tmp_path_factory)


# Test files the longest first (measured with --durations on two workers), so that the last file a
# worker takes is a short one: `make test` hands out whole files (--dist loadfile) in the order they
# were collected (--no-loadscope-reorder). Files not named here follow in name order.
LONGEST_FIRST = (
    "test_design.py", "test_authoring.py", "test_accessibility.py", "test_bad_input.py", "test_missions.py",
    "test_photos.py", "test_untrusted_inputs.py", "test_cache.py", "test_watch_caches.py", "test_limits.py",
    "test_packaging.py", "test_processes.py", "test_brochure.py", "test_graphics_map.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))      # stable: a file's order is kept


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def base_build(tmp_path_factory) -> Built:
    """The base brochure (no mission), both editions, built once for the whole test run (by one
    worker; the others read it). Tests never change its PDFs; some write beside them (previews), so a
    test that needs the output folder as a build leaves it copies the PDFs (Built.pdf)."""
    return shared_build(tmp_path_factory, "base", lambda folder: build_into(CONTENT, folder))


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A private copy of the content folder (with assets/ beside it) that a test may edit."""
    return copy_project(tmp_path / "project")


_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2039": "'", "\u203a": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u300c": '"', "\u300d": '"',
    "\u2010": "-", "\u2011": "-", "\u00ad": None, "\x02": None, "\ufffe": None,
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u30fb": "\u00b7",
})


def plain(text: str) -> str:
    """Text as typed in the content, from text as typeset: typographic quotes and apostrophes folded
    to straight ones, non-breaking and thin spaces to plain spaces, soft hyphens dropped."""
    import unicodedata

    return unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)


def squashed(text: str) -> str:
    """For comparing content with page text: typography folded, every space and hyphen removed (a
    line may break anywhere, hyphenated or not), case folded."""
    import re
    import unicodedata

    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", plain(text))).casefold()


def regional(language: str, text: str) -> str:
    """English text as a regional edition (en-US) prints it: the spelling list of
    content/typography.yaml applied, whole words, a capital first letter kept."""
    import re

    import yaml

    spelling = ((yaml.safe_load((CONTENT / "typography.yaml").read_text(encoding="utf-8")) or {})
                .get("spelling") or {}).get(language) or {}
    for british, local in spelling.items():
        text = re.sub(rf"(?<![\w-]){re.escape(british)}(?![\w-])", local, text)
        text = re.sub(rf"(?<![\w-]){re.escape(british[:1].upper() + british[1:])}(?![\w-])",
                      local[:1].upper() + local[1:], text)
    return text


def figure_alts(pdf) -> list[str]:
    """The alt text of every Figure in an open pikepdf document's structure tree, as written."""
    import pikepdf

    alts = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and node.get("/S") == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        if isinstance(kids, pikepdf.Array):
            stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return alts
