"""Packaging: every third-party import is declared, every package is in the wheel, and an installed
(not editable) `brochure` builds both editions from a folder outside the repository with nothing but
a copied content/ folder: the brand assets ship inside the package."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from pypdf import PdfReader

from conftest import CONTENT, REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SRC = REPO / "src" / "brochure"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_every_package_is_listed():
    found = {".".join(p.parent.relative_to(SRC.parent).parts) for p in SRC.rglob("__init__.py")}
    assets = {"brochure.default_assets"} | {f"brochure.default_assets.{d.name}" for d in (REPO / "assets").iterdir()
                                            if d.is_dir()}
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed == found | assets, listed ^ (found | assets)
    data = PYPROJECT["tool"]["setuptools"]["package-data"]
    assert set(data) == assets, "every assets folder ships its files"


def test_every_third_party_import_is_declared():
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    imported: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "brochure":
                    imported.setdefault(top, str(path.relative_to(REPO)))
    dists = packages_distributions()
    missing = {}
    for module, where in imported.items():
        assert module in dists, f"{module} (imported in {where}) is not installed"
        if not {_name(d) for d in dists[module]} & declared:
            missing[module] = where
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_every_floor_is_the_version_the_suite_runs():
    """The lowest version each dependency allows is the one requirements.lock pins (and `make test`
    installs), so the whole suite runs on the floors: a floor is never a version nobody tested."""
    from importlib.metadata import version

    pinned = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        if match:
            pinned[_name(match.group(1))] = match.group(2)
    requirements = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["dev"]
    for requirement in requirements:
        floor = re.search(r">=\s*([0-9][^,;\s]*)", requirement)
        assert floor, f"{requirement}: no lower bound"
        name = _name(requirement)
        assert pinned.get(name) == floor.group(1), f"{name}: floor {floor.group(1)}, lock {pinned.get(name)}"
        assert version(name) == floor.group(1), f"{name}: the suite runs {version(name)}, the floor is {floor.group(1)}"


def test_installed_package_builds_outside_the_repository(tmp_path):
    # The package is built from a copy of what the wheel needs, so nothing is written into the repository.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(SRC, source / "src" / "brochure", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(REPO / "assets", source / "assets")
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True, capture_output=True)

    # A fresh environment with the wheel installed; its dependencies are the ones this suite runs with
    # (made visible through a .pth file), so the test needs no download beyond the build backend.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    [wheel] = wheels.glob("brochure-*.whl")
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)

    project = tmp_path / "elsewhere"
    shutil.copytree(CONTENT, project / "content")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BROCHURE_CACHE")}
    where = subprocess.run([str(python), "-c", "import brochure, brochure.assets as a; "
                            "print(brochure.__file__); print(a.default_assets())"],
                           cwd=project, env=env, check=True, capture_output=True, text=True).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where
    proc = subprocess.run([str(venv / "bin" / "brochure"), "build"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    pdfs = sorted((project / "output").glob("*.pdf"))
    assert [p.name.rsplit("-", 1)[1] for p in pdfs] == ["print.pdf", "screen.pdf"], pdfs
    for pdf in pdfs:
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "Talent that keeps coming" in text


def test_the_readme_names_every_module_in_its_layout_of_the_code():
    """README's "Layout of the code" names every module of the package (a section layout by its folder,
    sections/), so the next engineer finds where each concern lives."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("## Layout of the code"):]
    block = block[:block.index("```", block.index("```") + 3)]
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "__init__.py" and path.parent != SRC:
            name = path.parent.name + "/"
        elif path.parent.name == "sections":
            name = "sections/"
        else:
            name = path.name
        if name not in block:
            missing.append(str(path.relative_to(SRC)))
    assert not missing, f"modules the README's layout of the code does not name: {missing}"

