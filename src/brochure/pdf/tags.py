"""Structure tree (tagged PDF) built after rendering from the layout's marked-content log.

The layout wrote `/Role <</MCID n>> BDC ... EMC` around every piece of real content and `/Artifact`
around decoration; the Recorder holds the logical tree, whose elements are read in the order their
content was drawn (`Element.in_reading_order`). Here that tree becomes StructTreeRoot, ParentTree,
StructParents, Link/OBJR elements and bookmarks.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, String

ROLE_ALIASES = {"Aside": "Div"}
_STRUCT_ELEM, _MCR = Name.StructElem, Name.MCR


def add_structure(pdf: pikepdf.Pdf, content, rendered) -> None:
    pages = list(pdf.pages)
    root = Dictionary(Type=Name.StructTreeRoot)
    root_ref = pdf.make_indirect(root)
    tree = _Tree(pdf, pages, rendered)
    document = tree.element(rendered.recorder.root, root_ref)
    root.K = Array([document]) if document is not None else Array()
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=tree.parent_tree_nums()))
    root.ParentTreeNextKey = tree.next_key
    pdf.Root.StructTreeRoot = root_ref
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    _outline(pdf, rendered.outline)


class _Tree:
    """Builds the structure elements and the parent tree that maps marked content and link
    annotations back to them."""

    def __init__(self, pdf: pikepdf.Pdf, pages: list, rendered) -> None:
        self.pdf, self.pages, self.rendered = pdf, pages, rendered
        self.page_objs = [page.obj for page in pages]
        self.roles: dict[str, Name] = {}
        # page index -> {MCID -> element}, and ("objr", key) -> Link element for link annotations
        self.parent_tree: dict = {i: {} for i in range(len(pages))}
        self.links_by_page = _link_annotations(pages)
        self.next_key = len(pages)

    def element(self, element, parent_ref):
        """The StructElem of a layout element and its children (None if it holds no content)."""
        role = self.roles.get(element.role)
        if role is None:
            role = self.roles[element.role] = Name("/" + ROLE_ALIASES.get(element.role, element.role))
        node = Dictionary({"/Type": _STRUCT_ELEM, "/S": role, "/P": parent_ref})
        ref = self.pdf.make_indirect(node)
        _set_attributes(node, element)
        kids: list = []
        first_page = None
        own = []        # this element's own marked content: (MCR, page, mcid)
        page_objs, parent_tree = self.page_objs, self.parent_tree
        for child in element.in_reading_order():
            if isinstance(child, tuple):
                _, page, mcid = child
                first_page = page if first_page is None else first_page
                mcr = Dictionary({"/Type": _MCR, "/Pg": page_objs[page], "/MCID": mcid})
                kids.append(mcr)
                own.append((mcr, page, mcid))
                parent_tree[page][mcid] = ref
            else:
                sub = self.element(child, ref)
                if sub is not None:
                    kids.append(sub)
        link = element.attrs.get("link")
        if link and first_page is not None:
            kids = self._link(element, link, ref, kids, own, first_page)
        if not kids:
            return None
        node.K = Array(kids)
        if first_page is not None:
            node.Pg = page_objs[first_page]
        return ref

    def _link(self, element, link: str, ref, kids: list, own: list, first_page: int) -> list:
        """An element that is a link: its own content and its annotations move into one Link element
        among its kids (returned). A paragraph split over two pages may carry its link on either page."""
        target_page = None
        if link.startswith("#section-"):
            target_page = self.rendered.section_pages.get(link.removeprefix("#section-"))
        annots = [(page, annot) for page in dict.fromkeys(p for _, p, _ in own)
                  for annot in _take_link(self.links_by_page, page, link, self.pages, target_page,
                                          _drawn_with(element, page, self.pages))]
        if not annots:
            return kids
        # One Link element per link (a link wrapped over two lines has two annotations), holding
        # the link text and the annotations (OBJR), as ISO 32000-1 14.8.4.4.2 describes.
        link_elem = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=ref,
                                                      Pg=self.pages[first_page].obj))
        link_kids = Array()
        for mcr, page, mcid in own:
            kids = [k for k in kids if k is not mcr]
            link_kids.append(mcr)
            self.parent_tree[page][mcid] = link_elem
        for page, annot in annots:
            key = self.next_key
            self.next_key += 1
            link_kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=self.pages[page].obj))
            annot.StructParent = key
            annot.Contents = String(link_description(element, link))
            self.parent_tree[("objr", key)] = link_elem
        link_elem.K = link_kids
        kids.append(link_elem)
        return kids

    def parent_tree_nums(self) -> Array:
        """The ParentTree's /Nums: each page's elements by MCID, then each link annotation's element.
        Each page is marked with its key (and tab order by structure) on the way."""
        nums = Array()
        for page_index, page in enumerate(self.pages):
            page.obj.StructParents = page_index
            page.obj.Tabs = Name.S
            mcids = self.parent_tree[page_index]
            array = Array([mcids[i] for i in range(len(mcids))]) if mcids else Array()
            nums.extend([page_index, self.pdf.make_indirect(array)])
        for key in sorted(k[1] for k in self.parent_tree if isinstance(k, tuple)):
            nums.extend([key, self.parent_tree[("objr", key)]])
        return nums


def _set_attributes(node: Dictionary, element) -> None:
    """Alternate text, language, table scope, list numbering and a section's id."""
    if element.alt:
        node.Alt = String(element.alt)
    if element.lang:
        node.Lang = String(element.lang)
    scope = element.attrs.get("Scope")
    if scope:
        node.A = Dictionary(O=Name.Table, Scope=Name("/" + scope))
    if element.role == "L":
        # A list says how its items are labelled (PDF/UA-1 7.6): bullets, or no labels at all.
        node.A = Dictionary(O=Name.List, ListNumbering=Name("/" + element.attrs.get("ListNumbering", "None")))
    if element.role == "Sect" and element.attrs.get("id"):
        node.T = String(element.attrs["id"])


def link_description(element, link: str) -> str:
    """What a screen reader announces for a link: the address, or the section an internal link opens."""
    if link.startswith("#"):
        return element.attrs.get("label") or f"Go to section: {link.removeprefix('#section-').replace('-', ' ')}"
    return link.removeprefix("mailto:")


def _link_annotations(pages) -> dict[int, list]:
    out = {}
    for i, page in enumerate(pages):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == Name.Link:
                annot.F = 4     # Print flag: a reader shows the link, and printing does not hide it
                out.setdefault(i, []).append(annot)
    return out


def _drawn_with(element, page: int, pages) -> set | None:
    """The annotations on `page` made while the element was drawn (None: not known, any may be)."""
    if not element.annots:
        return None
    annots = pages[page].obj.get("/Annots", [])
    return {annots[i].objgen for p, first, end in element.annots if p == page
            for i in range(first, min(end, len(annots)))}


def _take_link(links_by_page, page: int, target: str, pages, target_page: int | None, mine=None) -> list:
    """The link annotations on `page` that go to `target` (a URI, or a section's page), of those
    in `mine` if given: two links to one address on a page are two Link elements."""
    found = []
    for annot in list(links_by_page.get(page, [])):
        if mine is not None and annot.objgen not in mine:
            continue
        action = annot.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        dest = annot.get("/Dest")
        if isinstance(dest, pikepdf.Array) and target_page is not None and len(dest):
            uri = target if dest[0].objgen == pages[target_page].obj.objgen else ""
        if uri == target:
            found.append(annot)
            links_by_page[page].remove(annot)
    return found


def _outline(pdf: pikepdf.Pdf, marks) -> None:
    with pdf.open_outline() as outline:
        outline.root.clear()
        for title, page in marks:
            outline.root.append(pikepdf.OutlineItem(title, page))
    pdf.Root.PageMode = Name.UseOutlines
