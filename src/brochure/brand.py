"""Brand file -> Theme: colours (CMYK for print, RGB for screen), fonts, type scale, logos."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from typing import Annotated

from .content.validate import validate
from .content.yamlfile import load_yaml
from .errors import ContentError, Problem, did_you_mean

HEX = r"^#[0-9A-Fa-f]{6}$"
WEIGHTS = ("regular", "semibold", "bold", "italic")
OUTPUT_PROFILE = "icc/FOGRA39-based.icc"    # the print edition's output intent, beside the brand file
MAX_PROFILE_BYTES = 8_000_000
# A number in the brand file: strict (a YAML yes/no is not 1) and finite.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]


# The brand file's models build their validators on first use, as the content's do (content/models.py).
class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ColorSection(_Open):
    palette: dict[str, str]


class FontSet(_Strict):
    regular: str
    semibold: str
    bold: str
    italic: str


class BrochureDefaults(_Strict):
    cmyk: dict[str, tuple[Number, Number, Number, Number]]
    roles: dict[str, str]
    fonts: dict[Literal["latin", "japanese"], FontSet]
    type: dict[str, tuple[Number, Number]]      # size and leading, in points


class Defaults(_Open):
    brochure: BrochureDefaults


class Logo(_Open):
    images: dict[str, str]


class BrandFile(_Open):
    meta: dict | None = None
    color: ColorSection
    logo: Logo
    defaults: Defaults


ROLES = ("text", "muted", "heading", "accent", "rule", "zebra", "panel", "cover", "cover-text", "bar", "bar-peer",
         "highlight")
REQUIRED_LOGOS = ("mark-white",)
TYPE_KEYS = ("display", "numeral", "h1", "h2", "lead", "body", "small", "source")


@dataclass(frozen=True)
class Swatch:
    name: str
    rgb: str                                    # "#RRGGBB"
    cmyk: tuple[float, float, float, float]     # 0..1

    @property
    def rgb01(self) -> tuple[float, float, float]:
        return tuple(int(self.rgb[i:i + 2], 16) / 255 for i in (1, 3, 5))


@dataclass(frozen=True)
class Theme:
    """The brand, resolved and checked; plain data every later stage reads."""

    path: Path
    swatches: dict[str, Swatch]
    roles: dict[str, str]
    fonts: dict[str, dict[str, Path]]
    type_scale: dict[str, tuple[float, float]]
    logos: dict[str, Path]
    digest: str
    output_profile: Path | None = None          # the CMYK output ICC profile (checked)
    where: dict = None                          # "defaults.brochure.fonts.latin.bold" -> (file, line, col)

    def swatch(self, role_or_name: str) -> Swatch:
        return self.swatches[self.roles.get(role_or_name, role_or_name)]


def contrast_ratio(a: Swatch, b: Swatch, print_colours: bool = False) -> float:
    """WCAG 2.1 contrast ratio between two colours: their sRGB values, or with `print_colours` their
    CMYK values taken as plain ink on white paper (enough to tell text that would not show)."""

    def lum(s: Swatch) -> float:
        if print_colours:
            c, m, y, k = s.cmyk
            rgb: tuple[float, ...] = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
        else:
            rgb = s.rgb01
        chans = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * chans[0] + 0.7152 * chans[1] + 0.0722 * chans[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# The roles the layout sets text in, on the grounds it sets them on: each pair readable on screen
# (WCAG 2.1 AA, 4.5:1) and in print (at least 3:1 as plain ink on paper; text that would not show).
TEXT_PAIRS = (
    ("text", "white"), ("muted", "white"), ("heading", "white"),
    ("cover-text", "cover"), ("accent", "cover"),
    ("text", "panel"), ("text", "zebra"), ("muted", "panel"),
    ("heading", "panel"), ("muted", "zebra"),    # key figures on panels; notes in zebra rows
    ("text", "highlight"), ("muted", "highlight"), ("heading", "highlight"),  # a highlighted entry
)
BAR_ROLES = ("bar", "bar-peer")     # chart bars on white: 3:1 (WCAG 1.4.11, non-text contrast)
SCREEN_TEXT_CONTRAST, PRINT_TEXT_CONTRAST, BAR_CONTRAST = 4.5, 3.0, 3.0


class _Problems:
    """The problems found in a brand file, each located at its file, line and field."""

    def __init__(self, data) -> None:
        self.data = data
        self.found: list[Problem] = []

    def __call__(self, loc: tuple, message: str) -> None:
        from .content.yamlfile import dotted, locate

        source, line, col = locate(self.data, loc)
        self.found.append(Problem(source, line, col, dotted(loc), message))


def load_theme(path: Path) -> Theme:
    import hashlib

    path = Path(path)
    data = load_yaml(path, path.parent.parent)
    brand = validate(BrandFile, data)
    root = path.parent
    problem = _Problems(data)
    swatches = _swatches(brand, problem)
    roles = _roles(brand, problem)
    _check_contrast(swatches, roles, problem)
    _check_type_scale(brand, problem)
    fonts = _fonts(brand, root, problem)
    logos = _logos(brand, root, problem)
    profile = _output_profile(root, problem.found)
    if problem.found:
        raise ContentError(problem.found)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Theme(path, swatches, roles, fonts, dict(brand.defaults.brochure.type), logos, digest, profile,
                 _font_locations(brand, data))


def _swatches(brand: BrandFile, problem: _Problems) -> dict[str, Swatch]:
    """Each palette colour with its CMYK for print; a colour on one side only is a problem."""
    palette = brand.color.palette
    cmyk = brand.defaults.brochure.cmyk
    swatches = {}
    for name, hexval in palette.items():
        if not re.match(HEX, str(hexval)):
            problem(("color", "palette", name), f"{hexval!r} is not a #RRGGBB colour")
            continue
        if name not in cmyk:
            problem(("defaults", "brochure", "cmyk"), f'colour "{name}" has no CMYK definition for print')
            continue
        values = cmyk[name]
        if any(not 0 <= v <= 100 for v in values):
            problem(("defaults", "brochure", "cmyk", name), "CMYK values are per cent, 0 to 100")
            continue
        swatches[name] = Swatch(name, str(hexval).upper(), tuple(v / 100 for v in values))
    for name in cmyk:
        if name not in palette:
            problem(("defaults", "brochure", "cmyk", name), f'"{name}" is not in color.palette')
    return swatches


def _roles(brand: BrandFile, problem: _Problems) -> dict[str, str]:
    """The colour of each role the layout paints with: every role assigned, to a palette colour."""
    roles = dict(brand.defaults.brochure.roles)
    for role in ROLES:
        if role not in roles:
            problem(("defaults", "brochure", "roles"), f'role "{role}" is not assigned a colour')
        elif roles[role] not in brand.color.palette:
            problem(("defaults", "brochure", "roles", role), f'"{roles[role]}" is not a palette colour')
    return roles


def _check_contrast(swatches: dict[str, Swatch], roles: dict[str, str], problem: _Problems) -> None:
    """Text readable against its ground, on screen and in print; chart bars visible on white. White
    paper is the palette's "white" when it has one, else #FFFFFF and no ink."""
    paper = swatches.get("white", Swatch("white", "#FFFFFF", (0.0, 0.0, 0.0, 0.0)))

    def colour(role: str) -> Swatch | None:
        return paper if role == "white" else swatches.get(roles.get(role, ""))

    pairs = [(fg, bg, SCREEN_TEXT_CONTRAST, PRINT_TEXT_CONTRAST, "text") for fg, bg in TEXT_PAIRS]
    pairs += [(bar, "white", BAR_CONTRAST, BAR_CONTRAST, "chart bars") for bar in BAR_ROLES]
    for fg, bg, on_screen, in_print, what in pairs:
        a, b = colour(fg), colour(bg)
        if a is None or b is None:
            continue            # a role without a colour is reported as such
        ground = f'on "{bg}" ({b.name})' if bg != "white" else "on white paper"
        screen = contrast_ratio(a, b)
        if screen < on_screen:
            problem(("defaults", "brochure", "roles", fg),
                    f'{what} in "{fg}" ({a.name}, {a.rgb}) {ground} has a contrast of {_ratio(screen)}:1 on '
                    f"screen; at least {on_screen:g}:1 is needed to be read")
            continue
        printed = contrast_ratio(a, b, print_colours=True)
        if printed < in_print:
            problem(("defaults", "brochure", "cmyk", a.name),
                    f'{what} in "{fg}" ({a.name}, CMYK {" ".join(f"{v * 100:g}" for v in a.cmyk)}) {ground} '
                    f"prints with a contrast of {_ratio(printed)}:1; at least {in_print:g}:1 is needed to show "
                    "on paper")


def _ratio(value: float) -> str:
    """A contrast ratio as a reader checks it: two decimals, rounded down (4.47 is not "4.5")."""
    return f"{int(value * 100) / 100:.2f}"


def _check_type_scale(brand: BrandFile, problem: _Problems) -> None:
    """Every type size the layout uses, printable, with leading at least the size."""
    scale = brand.defaults.brochure.type
    for key in TYPE_KEYS:
        if key not in scale:
            problem(("defaults", "brochure", "type"), f'type size "{key}" is missing')
    for key, (size, leading) in scale.items():
        if size < 6:
            problem(("defaults", "brochure", "type", key), "type below 6 pt cannot be printed legibly")
        elif size > 200:
            problem(("defaults", "brochure", "type", key), f"{size:g} pt is larger than any page can hold; "
                                                           "expected a size up to 200 pt")
        elif leading < size:
            problem(("defaults", "brochure", "type", key), f"line spacing {leading:g} pt is less than the type size "
                                                           f"{size:g} pt, so lines would print over each other; "
                                                           "write [size, leading] with leading at least the size")


def _fonts(brand: BrandFile, root: Path, problem: _Problems) -> dict[str, dict[str, Path]]:
    """The font file of each script and weight, inside the brand folder and TrueType."""
    fonts: dict[str, dict[str, Path]] = {}
    for script, fontset in brand.defaults.brochure.fonts.items():
        fonts[script] = {}
        for weight in WEIGHTS:
            rel = getattr(fontset, weight)
            loc = ("defaults", "brochure", "fonts", script, weight)
            resolved = _asset(root, rel, loc, problem)
            if resolved and resolved.suffix.lower() != ".ttf":
                problem(loc, f"{rel}: only TrueType (.ttf) fonts can be embedded")
            elif resolved and not _is_truetype(resolved):
                problem(loc, f"{rel}: is not a TrueType font file (a .ttf with TrueType outlines is expected)")
            fonts[script][weight] = resolved
    return fonts


def _logos(brand: BrandFile, root: Path, problem: _Problems) -> dict[str, Path]:
    """Each logo file, inside the brand folder, a safe SVG in palette colours; the required ones present."""
    allowed = {str(v).lower() for v in brand.color.palette.values()}
    logos = {}
    for name, rel in brand.logo.images.items():
        logos[name] = _asset(root, rel, ("logo", "images", name), problem)
        if logos[name]:
            _check_logo(logos[name], rel, allowed, ("logo", "images", name), problem)
    for name in REQUIRED_LOGOS:
        if name not in brand.logo.images:
            problem(("logo", "images"), f'logo "{name}" is missing{did_you_mean(name, brand.logo.images)}; '
                                        "the layout prints it")
    return logos


def _check_logo(path: Path, rel: str, allowed: set[str], loc: tuple, problem: _Problems) -> None:
    if path.suffix.lower() != ".svg":
        problem(loc, f"{rel}: logos must be SVG (vector)")
        return
    from .svgsafe import read_svg

    try:
        svg = read_svg(path)
    except ValueError as exc:
        problem(loc, str(exc))
        return
    foreign = sorted(_logo_colours(svg) - allowed)
    if foreign:
        problem(loc, f"{rel}: uses {', '.join(foreign[:4])}, not in color.palette; the brand's own logos "
                     "print in palette colours only (change the SVG or add the colour to the palette)")


def _output_profile(root: Path, problems: list[Problem]) -> Path | None:
    """The print edition's output ICC profile beside the brand file (a problem if it is not there)."""
    from .assets import resolve_asset

    try:
        return resolve_asset(root, OUTPUT_PROFILE, MAX_PROFILE_BYTES)
    except ValueError as exc:
        problems.append(Problem(f"{root.name}/{OUTPUT_PROFILE}", None, None, "",
                                f"the print edition's colour profile: {exc}"))
        return None


def _font_locations(brand: BrandFile, data) -> dict:
    """Where each font is named in the brand file: "defaults.brochure.fonts.latin.bold" -> (file, line, col)."""
    from .content.yamlfile import locate

    where = {}
    for script in brand.defaults.brochure.fonts:
        for weight in WEIGHTS:
            where[f"defaults.brochure.fonts.{script}.{weight}"] = locate(data, ("defaults", "brochure", "fonts",
                                                                               script, weight))
    return where


def output_profile_problem(theme) -> Problem | None:
    """What is wrong with the print edition's output-intent profile, or None if it parses as a CMYK
    output (printer) ICC profile. Parsed with Pillow's ImageCms (littleCMS); run with the content
    checks (`check`, and beside the layout in a build)."""
    import io

    root = theme.path.parent
    shown = f"{root.name}/{OUTPUT_PROFILE}"     # as the brand folder names it, even if it is a link
    try:
        data = theme.output_profile.read_bytes()       # a regular file of bounded size (load_theme)
    except OSError as exc:
        return Problem(shown, None, None, "", f"cannot read the colour profile: {exc.strerror}")
    from PIL import ImageCms

    declared = int.from_bytes(data[:4], "big") if len(data) >= 128 else -1
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile
    except (OSError, ValueError, TypeError):
        profile = None
    if profile is None or declared != len(data) or data[36:40] != b"acsp":
        return Problem(shown, None, None, "", "is not an ICC colour profile (or it is damaged); the print edition "
                                              "needs a CMYK output profile such as FOGRA39 here")
    if profile.xcolor_space.strip() != "CMYK" or profile.device_class.strip() != "prtr":
        return Problem(shown, None, None, "", f"is an ICC profile for {profile.xcolor_space.strip() or '?'} "
                                              f"({profile.device_class.strip() or '?'} class), not a CMYK output "
                                              "(printer) profile; the print edition needs one such as FOGRA39")
    return None


_SHAPES = ("path", "rect", "circle", "ellipse", "polygon", "polyline", "line", "text", "tspan")


_PAINT_PROPERTIES = ("fill", "stroke", "stop-color", "color")


def _logo_colours(svg: bytes) -> set[str]:
    """The "#rrggbb" colours an SVG paints with: fill and stroke as inherited (fill defaults to black),
    and gradient stops. Read with lxml only, so `check` stays light (no svglib)."""
    from lxml import etree

    found: set[str] = set()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    _walk_colours(etree.fromstring(svg, parser), {}, found)
    return found


def _walk_colours(element, inherited: dict, found: set[str]) -> None:
    """Add to *found* the colours *element* and its children paint with."""
    from lxml import etree

    if not isinstance(element.tag, str):
        return
    name = etree.QName(element).localname
    if name in ("clipPath", "mask"):
        return
    state = {**inherited, **_paint_properties(element)}
    current = state.get("color", "black")
    if name in _SHAPES:
        _add_colour(found, state.get("fill", "black"), current)
        _add_colour(found, state.get("stroke"), current)
    if name == "stop":
        _add_colour(found, state.get("stop-color", "black"), current)
    for child in element:
        _walk_colours(child, {k: v for k, v in state.items() if k != "stop-color"}, found)


def _paint_properties(element) -> dict:
    """The paint properties an element sets, as attributes or in its style (the style wins)."""
    out = {}
    for attr in _PAINT_PROPERTIES:
        if element.get(attr) is not None:
            out[attr] = element.get(attr).strip()
    for declaration in (element.get("style") or "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() in _PAINT_PROPERTIES and value.strip():
            out[name.strip()] = value.strip()
    return out


def _add_colour(found: set[str], value: str | None, current: str) -> None:
    """Add a paint value as "#rrggbb" (currentColor is *current*; none, a pattern or what does not parse
    adds nothing)."""
    from reportlab.lib.colors import toColor

    if not value or value in ("none", "transparent", "inherit") or value.startswith("url("):
        return
    if value == "currentColor":
        value = current
    try:
        colour = toColor(value)
    except (ValueError, TypeError, AttributeError, IndexError):
        return      # svglib would not paint it either
    found.add("#" + colour.hexval()[2:].lower()[-6:])


def _is_truetype(path: Path) -> bool:
    """A TrueType font (or collection) by its first four bytes; CFF-flavoured OpenType is 'OTTO'."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return False
    return head in (b"\x00\x01\x00\x00", b"true", b"ttcf")


def _asset(root: Path, rel: str, loc, problem) -> Path | None:
    """Resolve an asset path, confined to the brand's folder (no absolute paths, no escapes)."""
    from .assets import resolve_asset

    try:
        return resolve_asset(root, rel)
    except ValueError as exc:
        problem(loc, str(exc))
        return None
