"""Accessibility (PDF/UA-1) of the built brochure: the base brochure and every example mission.

Each brochure is built once per module into a temporary folder; the PDFs are read back with pikepdf
(structure tree, marked content, annotations, outline, metadata) and pypdfium2 (where content sits on
the page), and checked by two PDF/UA validators, page-validation and outloud.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pikepdf
import pytest
import yaml
from pikepdf import Name

from conftest import CONTENT, REPO, plain, regional, squashed

MISSIONS = sorted(p.stem for p in (CONTENT / "missions").glob("*.yaml"))
TARGETS = [None, *MISSIONS]
EDITIONS = ("screen", "print")

# Standard structure types of ISO 32000-1, 14.8.4 (anything else needs a RoleMap entry).
STANDARD_ROLES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
    "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
    "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure",
    "Formula", "Form",
}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "INLINE IMAGE"}


# --------------------------------------------------------------------------- building


@dataclass
class Brochure:
    mission: str | None
    content: object
    paths: dict[str, Path]
    _tagged: dict = field(default_factory=dict)

    def tagged(self, edition: str) -> "Tagged":
        if edition not in self._tagged:
            self._tagged[edition] = Tagged(self.paths[edition])
        return self._tagged[edition]

    @property
    def sections(self):
        return list(self.content.brochure.sections)

    def t(self, text) -> str:
        """A content text as this edition's language prints it (regional spelling), in plain
        typography: compare it with plain(...) of what the PDF holds."""
        return regional(self.content.language, self.content.t(text))


@pytest.fixture(scope="module", params=TARGETS, ids=[m or "base" for m in TARGETS])
def brochure(request, base_build, mission_builds) -> Brochure:
    from brochure.content import load

    mission = request.param
    # The builds every test file shares (conftest): CONTENT is the tests' own copy of the shipped
    # content, so every mission in it builds.
    built = mission_builds(mission) if mission else base_build
    content = load(CONTENT, mission)
    return Brochure(mission, content, {w.edition: Path(w.path) for w in built.written})


# --------------------------------------------------------------------------- reading text back


def _utf16(hexstr: str) -> str:
    return bytes.fromhex(hexstr).decode("utf-16-be", "replace")


class CMap:
    """A ToUnicode CMap (codespace ranges, bfchar, bfrange), enough to decode what a PDF shows."""

    def __init__(self, data: bytes):
        text = data.decode("latin-1")
        self.map: dict[bytes, str] = {}
        lengths = set()
        for block in re.findall(r"begincodespacerange(.*?)endcodespacerange", text, re.S):
            lengths |= {len(lo) // 2 for lo, _ in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block)}
        self.lengths = sorted(lengths or {1})
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                self.map[bytes.fromhex(src)] = _utf16(dst)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            pattern = r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])"
            for lo, hi, dst in re.findall(pattern, block):
                n, first, last = len(lo) // 2, int(lo, 16), int(hi, 16)
                if dst.startswith("["):
                    targets = re.findall(r"<([0-9A-Fa-f]*)>", dst)
                    for i, code in enumerate(range(first, last + 1)):
                        if i < len(targets):
                            self.map[code.to_bytes(n, "big")] = _utf16(targets[i])
                else:
                    start = bytes.fromhex(dst[1:-1])
                    base = int.from_bytes(start, "big")
                    for i, code in enumerate(range(first, last + 1)):
                        self.map[code.to_bytes(n, "big")] = (base + i).to_bytes(len(start), "big").decode(
                            "utf-16-be", "replace")

    def decode(self, raw: bytes) -> tuple[str, list[bytes]]:
        """(text, codes without a mapping)."""
        out, missing, i = [], [], 0
        while i < len(raw):
            for n in self.lengths:
                code = raw[i:i + n]
                if code in self.map:
                    out.append(self.map[code])
                    i += n
                    break
            else:
                n = self.lengths[0]
                missing.append(raw[i:i + n])
                i += n
        return "".join(out), missing


@dataclass
class FontInfo:
    name: str
    embedded: bool
    cmap: CMap | None
    simple: bool

    @classmethod
    def of(cls, font) -> "FontInfo":
        subtype = font.get("/Subtype")
        descriptor = font.get("/FontDescriptor")
        if subtype == Name.Type0:
            descendant = font.DescendantFonts[0]
            descriptor = descendant.get("/FontDescriptor")
        embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        cmap = CMap(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else None
        return cls(str(font.get("/BaseFont", "?")), embedded, cmap, subtype != Name.Type0)

    def decode(self, raw: bytes) -> tuple[str, list[bytes]]:
        if self.cmap is not None:
            return self.cmap.decode(raw)
        if self.simple:
            return raw.decode("cp1252", "replace"), []
        return "", [raw]


def squash(text: str) -> str:
    """Text for comparing content with the page: see conftest.squashed."""
    return squashed(text)


# --------------------------------------------------------------------------- one tagged PDF


@dataclass
class Elem:
    s: str
    obj: pikepdf.Dictionary
    parent: "Elem | None"
    kids: list = field(default_factory=list)          # Elem, ("mcr", key, mcid), ("objr", annot)

    @property
    def alt(self) -> str | None:
        alt = self.obj.get("/Alt")
        return str(alt) if alt is not None else None

    def walk(self):
        yield self
        for kid in self.kids:
            if isinstance(kid, Elem):
                yield from kid.walk()

    def mcrs(self):
        for kid in self.kids:
            if isinstance(kid, Elem):
                yield from kid.mcrs()
            elif kid[0] == "mcr":
                yield kid[1], kid[2]

    def find(self, role: str) -> list["Elem"]:
        return [e for e in self.walk() if e.s == role]


class Tagged:
    """A tagged PDF read back: the structure tree, and the marked content of every page."""

    def __init__(self, path: Path):
        self.path = path
        self.pdf = pikepdf.open(path)
        self.pages = list(self.pdf.pages)
        self.page_index = {p.obj.objgen: i for i, p in enumerate(self.pages)}
        self.problems: list[str] = []                          # marked-content violations
        self.texts: dict[tuple[int, int], list[str]] = {}     # (StructParents key, MCID) -> text pieces
        self.mcid_page: dict[tuple[int, int], int] = {}
        self.fonts_used: dict[str, FontInfo] = {}             # fonts that show text
        self.fonts_selected: dict[str, FontInfo] = {}         # every font a Tf selects
        self.unmapped: dict[str, set] = {}
        self._fonts: dict[tuple, FontInfo] = {}
        for i, page in enumerate(self.pages):
            key = page.obj.get("/StructParents")
            self._scan(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), i,
                       int(key) if key is not None else None, [], set())

    # ---- structure tree ----------------------------------------------------------------------
    @cached_property
    def root(self):
        return self.pdf.Root.StructTreeRoot

    @cached_property
    def parent_tree(self) -> dict[int, object]:
        out = {}

        def collect(node):
            nums = node.get("/Nums")
            if nums is not None:
                for i in range(0, len(nums), 2):
                    out[int(nums[i])] = nums[i + 1]
            for kid in node.get("/Kids", []):
                collect(kid)

        collect(self.root.ParentTree)
        return out

    @cached_property
    def tree(self) -> Elem:
        top = Elem("StructTreeRoot", self.root, None)
        self._kids(top, self.root.get("/K"), None)
        return top

    def _kids(self, elem: Elem, k, page_obj) -> None:
        if k is None:
            return
        if isinstance(k, pikepdf.Array):
            for item in k:
                self._kids(elem, item, page_obj)
            return
        if isinstance(k, int):
            elem.kids.append(("mcr", self._key(page_obj), int(k)))
            return
        kind = k.get("/Type")
        if kind == Name.MCR:
            pg = k.get("/Pg", page_obj)
            key = self._key(pg, k.get("/Stm"))
            elem.kids.append(("mcr", key, int(k.MCID)))
        elif kind == Name.OBJR:
            elem.kids.append(("objr", k.Obj))
        else:
            child = Elem(str(k.S)[1:], k, elem)
            elem.kids.append(child)
            self._kids(child, k.get("/K"), k.get("/Pg", page_obj))

    def _key(self, page_obj, stream=None) -> int | None:
        owner = stream if stream is not None else page_obj
        if owner is None or owner.get("/StructParents") is None:
            return None
        return int(owner.StructParents)

    def element_text(self, elem: Elem) -> str:
        return "".join("".join(self.texts.get(ref, [])) for ref in elem.mcrs())

    def roles(self) -> list[str]:
        return [e.s for e in self.tree.walk()][1:]

    def sects(self) -> list[Elem]:
        """The top-level Sect elements (one per section), in document order."""
        documents = [k for k in self.tree.kids if isinstance(k, Elem)]
        return [e for d in documents for e in d.kids if isinstance(e, Elem) and e.s == "Sect"]

    def page_of(self, elem: Elem) -> int | None:
        for ref in elem.mcrs():
            return self.mcid_page.get(ref)
        return None

    # ---- marked content ----------------------------------------------------------------------
    def _font(self, font) -> FontInfo:
        key = font.objgen if font.is_indirect else id(font)
        if key not in self._fonts:
            self._fonts[key] = FontInfo.of(font)
        return self._fonts[key]

    def _scan(self, owner, resources, page: int, key: int | None, stack: list, forms: set,
              font: FontInfo | None = None) -> None:
        """Walk one content stream, tracking the marked-content stack (BDC/BMC ... EMC) and q/Q."""
        where = f"page {page + 1}"
        fonts = resources.get("/Font", pikepdf.Dictionary())
        depth = len(stack)
        saved = []
        for operands, op in pikepdf.parse_content_stream(owner):
            op = str(op)
            if op in ("BDC", "BMC"):
                stack.append(self._begin_marked(op, operands, resources, stack, key, page, where))
            elif op == "EMC":
                if len(stack) <= depth:
                    self.problems.append(f"{where}: EMC without an open marked-content sequence")
                else:
                    stack.pop()
            elif op == "q":
                saved.append(font)
            elif op == "Q":
                font = saved.pop() if saved else font
            elif op == "Tf":
                font = self._select_font(fonts, operands[0], where)
            elif op in TEXT_SHOWING:
                text = self._show(op, operands, font, where)
                self._place(stack, where, f"text {text!r}", text)
            elif op in PAINTING:
                self._place(stack, where, f"'{op}' painting", None)
            elif op == "Do":
                self._do(operands[0], resources, page, key, stack, forms, font, where)
        if len(stack) != depth:
            self.problems.append(f"{where}: {len(stack) - depth} marked-content sequence(s) left open")
            del stack[depth:]

    def _begin_marked(self, op, operands, resources, stack: list, key: int | None, page: int, where: str) -> tuple:
        """The stack entry (tag, MCID, (key, MCID)) of a BDC/BMC; its MCID is checked and recorded."""
        tag = str(operands[0])[1:]
        mcid = None
        if op == "BDC":
            props = operands[1]
            if isinstance(props, Name):
                props = resources.get("/Properties", {}).get(props, pikepdf.Dictionary())
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                mcid = int(props.MCID)
        in_tagged = any(entry[1] is not None for entry in stack)
        if tag == "Artifact" and in_tagged:
            self.problems.append(f"{where}: an Artifact inside tagged content (MCID {stack[-1][1]})")
        if mcid is not None:
            self._record_mcid(mcid, stack, key, page, where)
        return (tag, mcid, (key, mcid) if mcid is not None and key is not None else None)

    def _record_mcid(self, mcid: int, stack: list, key: int | None, page: int, where: str) -> None:
        """An MCID is never inside an Artifact or another MCID, and is used once per StructParents key."""
        if any(entry[0] == "Artifact" for entry in stack):
            self.problems.append(f"{where}: MCID {mcid} inside an Artifact")
        if any(entry[1] is not None for entry in stack):
            self.problems.append(f"{where}: MCID {mcid} nested inside another MCID")
        if key is None:
            self.problems.append(f"{where}: MCID {mcid} in a stream without /StructParents")
        elif (key, mcid) in self.mcid_page:
            self.problems.append(f"{where}: MCID {mcid} used twice")
        else:
            self.mcid_page[(key, mcid)] = page
            self.texts.setdefault((key, mcid), [])

    def _select_font(self, fonts, name, where: str) -> FontInfo | None:
        """The font a Tf selects (None, and a problem, if the resources lack it)."""
        dictionary = fonts.get(name)
        if dictionary is None:
            self.problems.append(f"{where}: font {name} is not in the resources")
            return None
        font = self._font(dictionary)
        self.fonts_selected[font.name] = font
        return font

    def _do(self, name, resources, page: int, key: int | None, stack: list, forms: set, font: FontInfo | None,
            where: str) -> None:
        """A Form XObject is walked as part of the stream (once per nesting); anything else is placed content."""
        xobject = resources.get("/XObject", {}).get(name)
        if xobject is None:
            return
        if xobject.get("/Subtype") == Name.Form and xobject.objgen not in forms:
            form_key = xobject.get("/StructParents")
            self._scan(xobject, xobject.get("/Resources", resources), page,
                       int(form_key) if form_key is not None else key, stack, forms | {xobject.objgen}, font)
        else:
            self._place(stack, where, f"XObject {name}", None)

    def _show(self, op, operands, font: FontInfo | None, where: str) -> str:
        if op == "TJ":
            strings = [bytes(x) for x in operands[0] if isinstance(x, pikepdf.String)]
        else:
            strings = [bytes(operands[-1])]
        if font is None:
            self.problems.append(f"{where}: text shown without a font")
            return ""
        self.fonts_used[font.name] = font
        text = ""
        for raw in strings:
            decoded, missing = font.decode(raw)
            text += decoded
            if missing:
                self.unmapped.setdefault(font.name, set()).update(missing)
        return text

    def _place(self, stack, where: str, what: str, text: str | None) -> None:
        if any(entry[0] == "Artifact" for entry in stack):
            return
        tagged = [entry for entry in stack if entry[1] is not None]
        if not tagged:
            self.problems.append(f"{where}: {what} is neither tagged nor an Artifact")
            return
        ref = tagged[-1][2]
        if ref is not None and text is not None and ref in self.texts:
            self.texts[ref].append(text)


# --------------------------------------------------------------------------- helpers


def section_by_kind(brochure: Brochure, kind: str):
    return [s for s in brochure.sections if s.kind == kind]


def sect(tagged: Tagged, section_id: str) -> Elem:
    found = [e for e in tagged.sects() if str(e.obj.get("/T", "")) == section_id]
    assert len(found) == 1, f"expected one Sect with /T {section_id!r}, found {len(found)}"
    return found[0]


def outline(tagged: Tagged) -> list[tuple[str, int]]:
    out = []
    with tagged.pdf.open_outline() as tree:
        for item in tree.root:
            dest = item.destination
            if dest is None and item.action is not None:
                dest = item.action.get("/D")
            out.append((item.title, _dest_page(tagged, dest)))
    return out


def _dest_page(tagged: Tagged, dest) -> int | None:
    if isinstance(dest, (pikepdf.String, Name)):
        dest = _named_dest(tagged.pdf, dest)
    if isinstance(dest, pikepdf.Dictionary):
        dest = dest.get("/D")
    if isinstance(dest, pikepdf.Array) and len(dest):
        return tagged.page_index.get(dest[0].objgen)
    return None


def _named_dest(pdf, name):
    if isinstance(name, Name):
        return pdf.Root.get("/Dests", {}).get(name)
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return None
    return pikepdf.NameTree(names.Dests).get(str(name))


def link_annotations(tagged: Tagged) -> list[tuple[int, pikepdf.Dictionary]]:
    return [(i, a) for i, page in enumerate(tagged.pages) for a in page.obj.get("/Annots", [])
            if a.get("/Subtype") == Name.Link]


# --------------------------------------------------------------------------- 1. page-validation


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_ua1_validation_has_no_failed_rules(brochure, edition):
    """page-validation (PDF/UA-1 profile). The print edition declares pdfuaid:part 1 too."""
    import page

    report = page.validate_pdf(str(brochure.paths[edition]), profile="ua1")
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.rules.failed == 0 and report.is_compliant, "\n".join(failures)


@pytest.mark.parametrize("edition", EDITIONS)
def test_outloud_finds_no_error_and_no_warning(brochure, edition):
    """A second, independent checker (outloud: PDF/UA-1 and WCAG 2.2, plus semantic checks) has nothing
    to say. In print, a printed address without a link (LNK-010) is right: PDF/X allows no links."""
    import outloud

    result = outloud.check(str(brochure.paths[edition]), skip=["LNK-010"] if edition == "print" else None)
    assert result.error is None, result.error
    found = [f"{f.severity} {f.rule} p.{f.page}: {f.message}" for f in result.sorted_findings()
             if f.severity in ("error", "warning")]
    assert result.errors == 0 and result.warnings == 0 and result.verdict == "pass", "\n".join(found)


# --------------------------------------------------------------------------- 2. marked content


@pytest.mark.parametrize("edition", EDITIONS)
def test_all_content_is_tagged_or_artifact(brochure, edition):
    """Every text-showing operator (and every painting operator) of every page, Form XObjects
    included, lies in marked content with an MCID or in an /Artifact sequence; tags never nest
    inside artifacts or each other, and every sequence is closed."""
    tagged = brochure.tagged(edition)
    assert not tagged.problems, "\n".join(tagged.problems[:30])
    assert tagged.mcid_page, "no tagged content at all"


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_mcid_maps_to_its_struct_element(brochure, edition):
    """ParentTree[StructParents][MCID] is the struct element whose K holds that MCID, both ways."""
    tagged = brochure.tagged(edition)
    owners = {}
    for elem in tagged.tree.walk():
        for kid in elem.kids:
            if not isinstance(kid, Elem) and kid[0] == "mcr":
                assert kid not in owners, f"MCID {kid} is claimed by two struct elements"
                owners[(kid[1], kid[2])] = elem
    problems = []
    for ref, page in tagged.mcid_page.items():
        key, mcid = ref
        array = tagged.parent_tree.get(key)
        if not isinstance(array, pikepdf.Array) or mcid >= len(array):
            problems.append(f"page {page + 1}: MCID {mcid} has no ParentTree entry (key {key})")
            continue
        target = array[mcid]
        if not isinstance(target, pikepdf.Dictionary) or "/S" not in target:
            problems.append(f"page {page + 1}: MCID {mcid} maps to no struct element")
        elif ref not in owners:
            problems.append(f"page {page + 1}: MCID {mcid} is in no struct element's K")
        elif owners[ref].obj.objgen != target.objgen:
            problems.append(f"page {page + 1}: MCID {mcid}: ParentTree and K disagree")
    for ref in owners:
        if ref not in tagged.mcid_page:
            problems.append(f"struct tree refers to MCID {ref[1]} (key {ref[0]}), absent from the content")
    assert not problems, "\n".join(problems[:30])
    for i, page in enumerate(tagged.pages):
        key = page.obj.get("/StructParents")
        assert key is not None, f"page {i + 1} has no /StructParents"
        assert isinstance(tagged.parent_tree.get(int(key)), pikepdf.Array), f"page {i + 1}: no ParentTree array"


def test_structure_uses_standard_roles(brochure):
    tagged = brochure.tagged("screen")
    role_map = tagged.root.get("/RoleMap", {})
    unknown = {r for r in tagged.roles() if r not in STANDARD_ROLES and Name("/" + r) not in role_map}
    assert not unknown, f"non-standard structure types without a RoleMap entry: {sorted(unknown)}"
    top = [e.s for e in tagged.tree.kids if isinstance(e, Elem)]
    assert top == ["Document"], f"the tree should have a single Document root, not {top}"
    for elem in list(tagged.tree.walk())[1:]:
        assert elem.obj.get("/P") is not None, f"{elem.s} has no /P"


# --------------------------------------------------------------------------- 3. figures


def test_every_figure_has_alt_text(brochure):
    tagged = brochure.tagged("screen")
    figures = tagged.tree.find("Figure")
    assert figures, "no Figure elements"
    empty = [f"Figure on page {(tagged.page_of(f) or 0) + 1}" for f in figures if not (f.alt or "").strip()]
    assert not empty, f"figures without alt text: {empty}"


def test_chart_alt_texts_carry_the_data(brochure):
    from brochure.numbers import Numbers

    tagged = brochure.tagged("screen")
    numbers = Numbers(brochure.content.language)
    checked = 0
    for section in brochure.sections:
        alts = [f.alt or "" for f in sect(tagged, section.id).find("Figure")]
        expected = []
        if section.kind == "talent" and not section.chart.alt:
            chart = section.chart
            expected = [f"{brochure.t(b.label)} {numbers.number(b.value, chart.decimals)}" for b in chart.bars]
            expected.append(brochure.content.brochure.sources[chart.source].publisher)
        elif section.kind == "directory" and section.map:
            # the map: how many entries, and the town with the most of them, with its count
            pinned = [s for s in brochure.sections if s.id in section.map]
            towns = [e.town for s in pinned for e in s.entries
                     if e.town and "coords" in (brochure.content.places.get(e.town) or {})
                     and (brochure.content.places.get(e.town) or {}).get("coords")]
            top = max(set(towns), key=towns.count)
            place = (brochure.content.places.get(top) or {}).get(brochure.content.lang, top)
            expected = [numbers.number(len(towns)), f"{place} ({numbers.number(towns.count(top))})"]
        if not expected:
            continue
        checked += 1
        best = max(alts, key=lambda a: sum(squash(e) in squash(a) for e in expected), default="")
        missing = [e for e in expected if squash(e) not in squash(best)]
        assert not missing, f"{section.id}: chart alt text lacks {missing}\nalt: {best}"
    assert checked, "no chart found to check"


def test_graduates_chart_alt_names_countries_values_and_source(brochure):
    """Every bar of the chart is in its alt text, as the edition's language names and writes it
    (in English, literally "Flanders 2.2" and "France 1.5"), with the source."""
    from brochure.numbers import Numbers

    tagged = brochure.tagged("screen")
    talent = section_by_kind(brochure, "talent")
    assert talent, "no talent section"
    alts = [f.alt or "" for f in sect(tagged, talent[0].id).find("Figure")]
    chart = talent[0].chart
    numbers = Numbers(brochure.content.language)
    expected = [f"{brochure.content.t(b.label)} {numbers.number(b.value, chart.decimals)}" for b in chart.bars]
    if brochure.content.language.startswith("en"):
        assert {"Flanders 2.2", "France 1.5"} <= set(expected), expected
    found = [a for a in alts if all(e in a for e in expected)]
    assert found, f"no figure alt with {expected} in {alts}"
    assert "Eurostat" in found[0], found[0]


def test_logo_and_qr_figures_have_alt(brochure):
    """Logo and QR code figures carry alt text, in the brochure's language (from its locale file)."""
    tagged = brochure.tagged("screen")
    content = brochure.content
    for section in section_by_kind(brochure, "cover"):
        alts = [f.alt or "" for f in sect(tagged, section.id).find("Figure")]
        assert content.s("logo_alt", name=section.publisher) in alts, f"cover: no logo figure with alt text in {alts}"
    for section in section_by_kind(brochure, "contact"):
        alts = [f.alt or "" for f in sect(tagged, section.id).find("Figure")]
        office = section.local or section.contact
        target = office.web if section.qr == "web" else office.email
        qr_alt = content.s("qr_alt", target=target)
        assert qr_alt in alts, f"contact: no QR code figure {qr_alt!r} in {alts}"
        others = [a for a in alts if a != qr_alt]
        assert others and all(a.strip() for a in others), f"contact: logos without alt text: {alts}"


# --------------------------------------------------------------------------- 4. headings


def test_headings_nest_without_skipping_levels(brochure):
    tagged = brochure.tagged("screen")
    roles = tagged.roles()
    assert "H" not in roles or not any(re.fullmatch(r"H[1-6]", r) for r in roles), "H mixed with H1..H6"
    levels = [int(r[1]) for r in roles if re.fullmatch(r"H[1-6]", r)]
    assert levels and levels[0] == 1, f"the first heading must be H1, got {levels[:1]}"
    previous = 0
    for i, level in enumerate(levels):
        # Stricter than 'at most the deepest level so far + 1': never deeper than the previous heading + 1.
        assert level <= previous + 1, f"heading #{i + 1} jumps from H{previous} to H{level}"
        previous = level
    for elem in tagged.sects():
        heads = [e.s for e in elem.walk() if re.fullmatch(r"H[1-6]", e.s)]
        assert heads and heads[0] == "H1", f"Sect {elem.obj.get('/T')} does not open with an H1: {heads[:3]}"
        assert heads.count("H1") == 1, f"Sect {elem.obj.get('/T')} has {heads.count('H1')} H1s"
    empty = [e.s for e in tagged.tree.walk() if re.fullmatch(r"H[1-6]", e.s) and not tagged.element_text(e).strip()]
    assert not empty, f"headings without text: {empty}"


# --------------------------------------------------------------------------- 5. tables


def test_tables_have_headers_with_scope_and_data_rows(brochure):
    tagged = brochure.tagged("screen")
    tables = tagged.tree.find("Table")
    for section in brochure.sections:
        if section.kind == "directory" and section.layout == "table" and not section.group_by_town:
            assert sect(tagged, section.id).find("Table"), f"{section.id}: the directory table is not a Table"
        elif section.kind == "directory" and section.group_by_town:
            # grouped by town: a list whose items are labelled with the town and hold the names
            groups = [li for li in sect(tagged, section.id).find("LI") if any(k.s == "Lbl" for k in li.kids
                                                                                if isinstance(k, Elem))]
            assert groups, f"{section.id}: the towns are not list labels"
    for n, table in enumerate(tables, 1):
        rows = [e for e in table.walk() if e.s == "TR"]
        assert rows, f"table {n} has no TR"
        for group in (k for k in table.kids if isinstance(k, Elem)):
            assert group.s in ("THead", "TBody", "TFoot", "TR"), f"table {n}: {group.s} directly in Table"
        heads = table.find("TH")
        assert heads, f"table {n} has no TH cell"
        for th in heads:
            attrs = th.obj.get("/A")
            assert isinstance(attrs, pikepdf.Dictionary), f"table {n}: TH without /A"
            assert attrs.get("/O") == Name.Table, f"table {n}: TH attributes are not owned by /Table"
            assert attrs.get("/Scope") in (Name.Column, Name.Row, Name.Both), \
                f"table {n}: TH /Scope {attrs.get('/Scope')}"
            assert tagged.element_text(th).strip(), f"table {n}: empty TH"
        data_rows = [r for r in rows if any(k.s == "TD" for k in r.kids if isinstance(k, Elem))]
        assert data_rows, f"table {n} has no TR with TD"
        width = max(len([k for k in r.kids if isinstance(k, Elem)]) for r in rows)
        for r in rows:
            cells = [k for k in r.kids if isinstance(k, Elem)]
            assert all(c.s in ("TH", "TD") for c in cells), f"table {n}: TR holds {[c.s for c in cells]}"
            assert len(cells) == width, f"table {n}: a row of {len(cells)} cells, others have {width}"
        head_rows = [r for r in rows if all(k.s == "TH" for k in r.kids if isinstance(k, Elem))]
        assert len(head_rows) == 1, f"table {n}: header row tagged {len(head_rows)} times (repeats must be Artifacts)"


# --------------------------------------------------------------------------- 6. reading order


# Comparing all text in order is brittle (line breaks, numerals drawn in cards, chart labels), so
# the order is checked on two coarser levels, with text decoded from the fonts' ToUnicode CMaps and
# compared without whitespace: (a) the Sect elements come in content order, and each opens with an
# H1 whose text is that section's title; (b) inside the rankings section the rank + metric pairs of
# the cards appear in the order of the content's items.


def test_sections_are_in_content_order_with_their_titles(brochure):
    tagged = brochure.tagged("screen")
    sects = [e for e in tagged.sects() if not str(e.obj.get("/T", "")).startswith("padding-")]
    assert [str(e.obj.get("/T", "")) for e in sects] == [s.id for s in brochure.sections]
    for elem, section in zip(sects, brochure.sections):
        h1 = elem.find("H1")
        assert h1, f"{section.id}: no H1"
        assert squash(tagged.element_text(h1[0])) == squash(brochure.t(section.title)), section.id


def test_rankings_read_in_content_order(brochure):
    from brochure.numbers import Numbers

    tagged = brochure.tagged("screen")
    numbers = Numbers(brochure.content.language)
    rankings = section_by_kind(brochure, "rankings")
    assert rankings, "every edition under test has its rankings"
    for section in rankings:
        text = squash(tagged.element_text(sect(tagged, section.id)))
        position = 0
        for item in section.items:
            wanted = squash(numbers.ordinal_rank(item.rank) + brochure.t(item.metric))
            found = text.find(wanted, position)
            assert found >= 0, f"{section.id}: {wanted!r} missing or out of order"
            position = found + len(wanted)


# --------------------------------------------------------------------------- 7. links


def test_every_link_annotation_is_tagged_with_contents(brochure):
    tagged = brochure.tagged("screen")
    annots = link_annotations(tagged)
    assert annots, "no link annotations"
    for page, annot in annots:
        where = f"link on page {page + 1}"
        assert str(annot.get("/Contents", "")).strip(), f"{where} has no /Contents"
        key = annot.get("/StructParent")
        assert key is not None, f"{where} has no /StructParent"
        elem = tagged.parent_tree.get(int(key))
        assert isinstance(elem, pikepdf.Dictionary), f"{where}: ParentTree has no entry {key}"
        assert elem.get("/S") == Name.Link, f"{where} maps to {elem.get('/S')}, not Link"
        kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
        objrs = [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == Name.OBJR]
        assert any(o.Obj.objgen == annot.objgen for o in objrs), f"{where}: its Link element has no OBJR to it"
        for o in objrs:
            if o.Obj.objgen == annot.objgen and "/Pg" in o:
                assert tagged.page_index[o.Pg.objgen] == page, f"{where}: OBJR /Pg is another page"
        # The link text is in the Link element too (WCAG technique PDF11), so it is read as a link.
        link = next(e for e in tagged.tree.walk() if e.obj.objgen == elem.objgen)
        text = squash(tagged.element_text(link))
        assert text, f"{where}: its Link element holds no text"
        uri = str(annot.A.get("/URI", "")) if "/A" in annot else ""
        visible = uri.removeprefix("mailto:") if uri else str(annot.Contents)
        assert squash(visible) in text, f"{where}: Link text {text!r} does not show {visible!r}"
        # The Link element hangs in the tree (its parent chain reaches the root).
        node, hops = elem, 0
        while node.get("/Type") != Name.StructTreeRoot:
            node, hops = node.P, hops + 1
            assert hops < 100, f"{where}: Link element is not in the structure tree"


def test_contents_list_links_to_each_section(brochure):
    tagged = brochure.tagged("screen")
    owner = [s for s in section_by_kind(brochure, "rankings") if s.contents]
    assert owner, "every edition under test has a contents list"
    starts = {plain(title): page for title, page in outline(tagged)}
    listed = [s for s in brochure.sections if s.kind != "cover" and s.id != owner[0].id]
    contents_page = tagged.page_of(sect(tagged, owner[0].id).find("H1")[0])
    internal = {}
    for page, annot in link_annotations(tagged):
        dest = annot.get("/Dest")
        action = annot.get("/A")
        if dest is None and action is not None and action.get("/S") == Name.GoTo:
            dest = action.get("/D")
        if dest is not None:
            assert page == contents_page, f"internal link on page {page + 1}, not on the contents page"
            internal[plain(str(annot.Contents))] = _dest_page(tagged, dest)
    # Every section, in order; the padding pages (key figures, meeting notes) are listed too, before
    # the back cover, each linking to the page its own part of the structure starts on.
    assert [title for title in internal if title in {brochure.t(s.title) for s in listed}] == \
        [brochure.t(s.title) for s in listed]
    padding = {str(e.obj.get("/T")): e for e in tagged.sects() if str(e.obj.get("/T", "")).startswith("padding-")}
    extra = [title for title in internal if title not in {brochure.t(s.title) for s in listed}]
    assert len(extra) == len(padding), (extra, sorted(padding))
    padding_pages = sorted(tagged.page_of(e.find("H1")[0]) for e in padding.values())
    assert sorted(internal[title] for title in extra) == padding_pages
    for section in listed:
        title = brochure.t(section.title)
        assert internal[title] == starts[title], \
            f"link to {title!r} opens page {internal[title]}, section starts on {starts[title]}"
        assert internal[title] == tagged.page_of(sect(tagged, section.id).find("H1")[0])
    # The printed page numbers agree with the links.
    items = [tagged.element_text(e) for e in sect(tagged, owner[0].id).find("LI")]
    for section in listed:
        title = brochure.t(section.title)
        assert squash(f"{internal[title] + 1}{title}") in [squash(i) for i in items], f"contents entry for {title!r}"


def test_email_links_are_mailto(brochure):
    tagged = brochure.tagged("screen")
    uris = {}
    for _page, annot in link_annotations(tagged):
        action = annot.get("/A")
        if action is not None and action.get("/S") == Name.URI:
            uris.setdefault(str(action.URI), []).append(annot)
    for section in section_by_kind(brochure, "contact"):
        for office in filter(None, (section.contact, section.local)):
            target = f"mailto:{office.email}"
            assert target in uris, f"no mailto link for {office.email}; links: {sorted(uris)}"
            assert all(office.email in str(a.Contents) for a in uris[target])
    for uri in uris:
        if "@" in uri:
            assert uri.startswith("mailto:"), f"e-mail link without mailto: {uri}"


# --------------------------------------------------------------------------- 8. bookmarks


def test_outline_has_one_entry_per_section_in_order(brochure):
    tagged = brochure.tagged("screen")
    marks = outline(tagged)
    assert [plain(t) for t, _ in marks] == [brochure.t(s.title) for s in brochure.sections]
    for (title, page), section in zip(marks, brochure.sections):
        title = plain(title)
        h1 = sect(tagged, section.id).find("H1")[0]
        assert page == tagged.page_of(h1), f"bookmark {title!r} opens page {page}, its title is on {tagged.page_of(h1)}"
    assert tagged.pdf.Root.get("/PageMode") == Name.UseOutlines


# --------------------------------------------------------------------------- 9. document properties


def _expected_language(brochure) -> str:
    if brochure.mission:
        data = yaml.safe_load((CONTENT / "missions" / f"{brochure.mission}.yaml").read_text(encoding="utf-8"))
        language = (data.get("meta") or {}).get("language")
        if language:
            return str(language)
    base = yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))
    return str((base.get("meta") or {}).get("language", "en"))


@pytest.mark.parametrize("edition", EDITIONS)
def test_document_properties(brochure, edition):
    tagged = brochure.tagged(edition)
    root = tagged.pdf.Root
    assert str(root.get("/Lang", "")) == _expected_language(brochure) == brochure.content.language
    assert root.ViewerPreferences.get("/DisplayDocTitle") is True
    assert root.MarkInfo.get("/Marked") is True
    meta = tagged.pdf.open_metadata()
    title = brochure.t(brochure.content.brochure.meta.title)
    assert plain(meta.get("dc:title")) == title
    assert str(meta.get("pdfuaid:part")) == "1"
    assert str(tagged.pdf.docinfo.get("/Title")) == title
    for i, page in enumerate(tagged.pages):
        assert page.obj.get("/Tabs") == Name.S, f"page {i + 1}: /Tabs is not /S"
        assert isinstance(page.obj.get("/StructParents"), int), f"page {i + 1}: no /StructParents"


@pytest.mark.parametrize("edition", EDITIONS)
def test_fonts_used_for_text_are_embedded_with_tounicode(brochure, edition):
    tagged = brochure.tagged(edition)
    assert tagged.fonts_used, "no text found"
    for name, font in tagged.fonts_used.items():
        assert font.embedded, f"font {name} shows text but is not embedded"
        assert font.cmap is not None, f"font {name} has no ToUnicode CMap"
        bad = {k for k, v in font.cmap.map.items() if v in ("\x00", "\ufeff", "\ufffe") or not v}
        assert not bad, f"font {name}: ToUnicode maps {len(bad)} codes to U+0000/FEFF/FFFE or nothing"
    assert not tagged.unmapped, {k: sorted(v)[:10] for k, v in tagged.unmapped.items()}
    # Not even a font selected without showing text (reportlab's drawings start with Helvetica) may
    # be left unembedded: validators and RIPs differ on whether that counts as use.
    unembedded = sorted(name for name, font in tagged.fonts_selected.items() if not font.embedded)
    assert not unembedded, f"fonts selected (Tf) but not embedded: {unembedded}"


# --------------------------------------------------------------------------- 10. contrast


from brochure.brand import TEXT_PAIRS  # noqa: E402  (the pairs the brand file is checked for)


@pytest.mark.parametrize("fg,bg", TEXT_PAIRS, ids=[f"{f}-on-{b}" for f, b in TEXT_PAIRS])
def test_text_colour_pairs_meet_wcag_aa(fg, bg):
    from brochure.brand import contrast_ratio, load_theme

    theme = load_theme(REPO / "assets" / "brand.yml")
    ratio = contrast_ratio(theme.swatch(fg), theme.swatch(bg))
    assert ratio >= 4.5, f"{fg} ({theme.swatch(fg).rgb}) on {bg} ({theme.swatch(bg).rgb}): {ratio:.2f}:1 < 4.5:1"


@pytest.mark.parametrize("fg", ["bar", "bar-peer"])
def test_chart_bars_meet_non_text_contrast(fg):
    from brochure.brand import contrast_ratio, load_theme

    theme = load_theme(REPO / "assets" / "brand.yml")
    ratio = contrast_ratio(theme.swatch(fg), theme.swatch("white"))
    assert ratio >= 3.0, f"{fg} on white: {ratio:.2f}:1 < 3:1 (WCAG 1.4.11)"


# --------------------------------------------------------------------------- 11. print edition


def test_print_edition_passes_preflight_and_carries_tags(brochure):
    from brochure.preflight import preflight

    path = brochure.paths["print"]
    report = preflight(path, "print")
    failures = [f"{f.check}: {f.message}" for f in report.findings if f.level == "FAIL"]
    assert not failures, "\n".join(failures)
    tagged = brochure.tagged("print")
    screen = brochure.tagged("screen")
    assert tagged.pdf.Root.MarkInfo.get("/Marked") is True
    # The print edition carries no links (PDF/X), so no Link elements: otherwise the trees are the same.
    assert "Link" not in tagged.roles()
    assert tagged.roles() == [r for r in screen.roles() if r != "Link"], "print and screen structure trees differ"
    assert [t for t, _ in outline(tagged)] == [t for t, _ in outline(screen)]


# --------------------------------------------------------------------------- 12. language of parts


def test_english_fallback_text_is_marked_as_english(tmp_path):
    """With allow_english_fallback, text printed in English inside a German brochure carries its own
    /Lang (en) on its structure element, so a screen reader reads it with the right voice."""
    from conftest import copy_project

    from brochure.build import Project, build

    content = copy_project(tmp_path / "project")
    translation = content / "translations" / "de.yaml"
    text = translation.read_text(encoding="utf-8")
    translation.write_text(re.sub(r"\n(\s+)kicker: [^\n]*", "", text, count=1), encoding="utf-8")
    (content / "missions" / "fallback.yaml").write_text("meta: {language: de, allow_english_fallback: true}\n",
                                                        encoding="utf-8")
    english_kicker = yaml.safe_load((CONTENT / "brochure.yaml").read_text(encoding="utf-8"))["sections"][0]["kicker"]
    written = build(Project.at(content, output=tmp_path / "out", cache=tmp_path / "cache"), "fallback", ["screen"])
    pdf = pikepdf.open(written[0].path)
    assert str(pdf.Root.Lang) == "de"
    marked = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == Name.StructElem:
            if "/Lang" in node:
                marked.append((str(node.S), str(node.Lang)))
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                walk(kid)

    for kid in pdf.Root.StructTreeRoot.K:
        walk(kid)
    assert marked == [("/P", "en")], marked
    import pypdfium2 as pdfium

    cover = pdfium.PdfDocument(str(written[0].path))[0].get_textpage().get_text_range()
    assert english_kicker.split()[0] in cover, "the English kicker is printed on the cover"


# --------------------------------------------------------------------------- what a screen reader reads


def _texts_of(value, out: list) -> list:
    """Every translatable text (a {language: string} mapping) in a content model, in order."""
    from pydantic import BaseModel

    from brochure.content.languages import is_text

    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _texts_of(getattr(value, name), out)
    elif isinstance(value, dict):
        if is_text(value):
            out.append(value)
        else:
            for v in value.values():
                _texts_of(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _texts_of(v, out)
    return out


def spaced(text: str) -> str:
    """NFKC text with every run of white space made one space (as a reader speaks it)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def spoken_text(tagged: Tagged) -> str:
    """The structure tree read as a screen reader reads it: each element's marked content in tree
    order, a figure by its alternate text, a pause (a space) between elements."""
    parts = []

    def walk(elem: Elem):
        if elem.s == "Figure" and elem.alt is not None:
            parts.append(elem.alt)
            return
        own = []
        for kid in elem.kids:
            if isinstance(kid, Elem):
                parts.append("".join(own))
                own = []
                walk(kid)
            elif kid[0] == "mcr":
                own.append("".join(tagged.texts.get((kid[1], kid[2]), [])))
        parts.append("".join(own))

    walk(tagged.tree)
    return spaced(" ".join(parts))


@pytest.mark.parametrize("edition", EDITIONS)
def test_structure_text_reads_every_content_string_verbatim(brochure, edition):
    """Every text of the content (20 characters or more) is in the tagged text word for word, with
    the spaces between its words: a line break is no reason to run two words together. Typography is
    folded back to what was typed (curly quotes, non-breaking spaces, soft hyphens); in Japanese,
    which sets no word spaces, the space set between Latin and Japanese script is not compared."""
    strings = [spaced(plain(brochure.t(v))) for v in _texts_of(brochure.content.brochure.sections, [])]
    strings = [s for s in strings if len(s) >= 20]
    assert len(strings) >= 20, f"only {len(strings)} content strings found to compare"
    text = spaced(plain(spoken_text(brochure.tagged(edition))))
    bare = re.sub(r"\s+", "", text)

    def read(s: str) -> bool:
        if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", s):
            return re.sub(r"\s+", "", s) in bare
        return s in text

    missing = [s for s in strings if not read(s)]
    assert not missing, f"{len(missing)} of {len(strings)} content strings are not read verbatim:\n" + \
        "\n".join(f"  {s[:90]!r}" for s in missing[:10])


@pytest.mark.parametrize("edition", EDITIONS)
def test_list_items_have_a_label_and_a_body(brochure, edition):
    """L > LI > (Lbl, LBody): a bulleted list's bullet is the item's label, not part of its text, and
    a list says how it is numbered (ListNumbering): Disc for bullets, Decimal for numbered steps, None
    where items show no label or a label of their own (a rank, a town, a page number)."""
    tagged = brochure.tagged(edition)
    lists = tagged.tree.find("L")
    assert lists, "no lists in the structure"
    labelled = 0
    for listing in lists:
        attrs = listing.obj.get("/A")
        assert attrs is not None and attrs.get("/O") == Name.List, "a list without List attributes"
        numbering = str(attrs.get("/ListNumbering"))
        for item in (k for k in listing.kids if isinstance(k, Elem)):
            assert item.s == "LI", f"{item.s} directly in a list"
            roles = [k.s for k in item.kids if isinstance(k, Elem)]
            if numbering == "/None":
                assert roles in (["LBody"], ["Lbl", "LBody"]), roles
                if roles == ["Lbl", "LBody"]:
                    label = next(k for k in item.kids if isinstance(k, Elem))
                    assert tagged.element_text(label).strip(), "an empty label"
                continue
            assert roles == ["Lbl", "LBody"], f"list item with {roles}"
            label, body = (k for k in item.kids if isinstance(k, Elem))
            if numbering == "/Decimal":
                assert tagged.element_text(label).strip().isdigit(), tagged.element_text(label)
            else:
                assert tagged.element_text(label) == "\u2022", tagged.element_text(label)
            body_text = tagged.element_text(body)
            assert body_text.strip() and not body_text.lstrip().startswith("\u2022"), body_text
            labelled += 1
    # Every bullet a reader sees is some list item's label (none drawn into the text, none lost).
    import pypdfium2

    document = pypdfium2.PdfDocument(str(brochure.paths[edition]))
    try:
        shown = sum(document[i].get_textpage().get_text_range().count("\u2022") for i in range(len(document)))
    finally:
        document.close()
    bullets = sum(1 for listing in lists if str(listing.obj["/A"].get("/ListNumbering")) == "/Disc"
                  for item in listing.kids if isinstance(item, Elem))
    assert bullets == shown, f"{shown} bullets on the pages, {bullets} bulleted list items"
    if brochure.mission is None:
        assert labelled >= 4, f"only {labelled} labelled list items"
    for elem in tagged.tree.walk():
        # A list nested in an item's body (its own items checked above) brings its bullets with it.
        nested = any(isinstance(k, Elem) and k.s == "L" for k in elem.kids)
        if elem.s in ("P", "LBody", "TD") and not nested:
            assert "\u2022" not in tagged.element_text(elem), f"a bullet inside {elem.s} text"


def _mcid_boxes(path: Path) -> dict[int, dict[int, list[float]]]:
    """Per page, the box each MCID covers on it, from pdfium's page objects (what is drawn where)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out = {}
    doc = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(doc)):
            boxes: dict[int, list[float]] = {}
            for obj in doc[i].get_objects(max_depth=1):
                mcid = None
                for m in range(raw.FPDFPageObj_CountMarks(obj.raw)):
                    value = ctypes.c_int()
                    if raw.FPDFPageObjMark_GetParamIntValue(raw.FPDFPageObj_GetMark(obj.raw, m), b"MCID",
                                                            ctypes.byref(value)):
                        mcid = value.value
                edges = [ctypes.c_float() for _ in range(4)]
                if mcid is None or not raw.FPDFPageObj_GetBounds(obj.raw, *edges):
                    continue
                box = [e.value for e in edges]
                if mcid in boxes:
                    old = boxes[mcid]
                    box = [min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3])]
                boxes[mcid] = box
            out[i] = boxes
    finally:
        doc.close()
    return out


def reading_order_problems(tagged: Tagged) -> list[str]:
    """Pairs of elements on one page whose order in the structure tree contradicts the page: the later
    element sits wholly above the earlier one in the same column, or wholly left of it on the same
    lines. Columns, grids and tables read column by column or row by row pass; any layout may."""
    boxes = _mcid_boxes(tagged.path)
    per_page: dict[int, list] = {}
    for elem in tagged.tree.walk():
        here: dict[int, list[float]] = {}
        for kid in elem.kids:
            if isinstance(kid, Elem) or kid[0] != "mcr":
                continue
            page = tagged.mcid_page.get((kid[1], kid[2]))
            box = boxes.get(page, {}).get(kid[2])
            if box is None:
                continue
            old = here.get(page)
            here[page] = box if old is None else [min(old[0], box[0]), min(old[1], box[1]),
                                                  max(old[2], box[2]), max(old[3], box[3])]
        for page, box in here.items():
            per_page.setdefault(page, []).append((elem, box))
    problems = []
    for page, items in sorted(per_page.items()):
        for i, (first, a) in enumerate(items):
            for later, b in items[i + 1:]:
                h_overlap = min(a[2], b[2]) - max(a[0], b[0])
                v_overlap = min(a[3], b[3]) - max(a[1], b[1])
                narrower = min(a[2] - a[0], b[2] - b[0])
                lower = min(a[3] - a[1], b[3] - b[1])
                above = narrower > 0 and h_overlap > 0.3 * narrower and b[1] >= a[3] - 1
                left = lower > 0 and v_overlap > 0.5 * lower and b[2] <= a[0] + 1
                if above or left:
                    problems.append(f"page {page + 1}: {later.s} {tagged.element_text(later)[:40]!r} is read after "
                                    f"{first.s} {tagged.element_text(first)[:40]!r} but sits "
                                    f"{'above' if above else 'left of'} it")
    return problems


@pytest.mark.parametrize("edition", EDITIONS)
def test_reading_order_matches_the_page_on_every_page(brochure, edition):
    tagged = brochure.tagged(edition)
    problems = reading_order_problems(tagged)
    assert not problems, f"{len(problems)} reading-order problems:\n" + "\n".join(problems[:15])


def test_each_link_area_lies_over_its_own_link_text(brochure):
    """A Link element owns the link areas drawn over its text, and only those: two links to one
    address on a page are two Link elements, each over its own words. Every link is printable (F 4)."""
    tagged = brochure.tagged("screen")
    boxes = _mcid_boxes(tagged.path)
    links = tagged.tree.find("Link")
    assert links, "no links"
    for link in links:
        areas = [kid[1] for kid in link.kids if not isinstance(kid, Elem) and kid[0] == "objr"]
        text_boxes = [boxes[tagged.mcid_page[ref]].get(ref[1]) for ref in link.mcrs() if ref in tagged.mcid_page]
        text_boxes = [b for b in text_boxes if b]
        assert areas and text_boxes, f"Link {tagged.element_text(link)!r} has no area or no text"
        for annot in areas:
            assert int(annot.get("/F", 0)) & 4 and not int(annot.get("/F", 0)) & 2, "link not printable"
            x0, y0, x1, y1 = (float(v) for v in annot.Rect)
            over = any(min(x1, b[2]) > max(x0, b[0]) and min(y1, b[3]) > max(y0, b[1]) for b in text_boxes)
            assert over, f"a link area of {tagged.element_text(link)!r} lies over no text of that Link"
