"""Typed content models: what a brochure is made of, validated at the boundary.

A section kind is one model here (with a `kind` tag) and one layout module in `layout/sections/`.
Translatable prose is `Text`: a plain string (English) or a mapping of language code to string.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .languages import normalise

EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
URL = re.compile(r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/[^\s<>\"]*)?$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _to_text(value: object) -> object:
    """A plain string as English (or its mission's language), a mapping with its language codes normalised."""
    if isinstance(value, str):
        # Base content is English; a mission's strings carry the mission's language (LangStr).
        return {getattr(value, "lang", "en"): str(value)}
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, text in value.items():
            try:
                out[normalise(key)] = text
            except ValueError as exc:
                raise ValueError(f"unknown language: {exc}") from None
        return out
    return value


def _visible(text: str) -> bool:
    """Whether a text has a character a reader sees (not only spaces, zero-width or other format
    characters)."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp") for ch in text)


def _nonblank(value: dict[str, str]) -> dict[str, str]:
    for lang, text in value.items():
        if not _visible(str(text)):
            raise ValueError(f"the {lang} text is empty" + (" (it holds only invisible characters)" if text else ""))
    return value


def _name(value: str) -> str:
    if not _visible(value):
        raise ValueError("the name is empty" + (" (it holds only invisible characters)" if value else ""))
    if value.rstrip("\n") != value.rstrip("\n").strip(" \t\u00a0\u3000"):     # (a block scalar ends in a line break)
        raise ValueError(f"{value!r} has spaces at its start or end; remove them")
    return value


# Length limits, in characters (a full-width CJK character counts as two). A text in a card, a table
# cell or a fixed box cannot break across pages, so it must fit on one page with room to spare; the
# limits are set well below that. Only running paragraphs (intros, closings, notes) may be long.
SHORT = 300         # titles, labels, list items
CARD = 800          # a paragraph inside a card or a table cell
PROSE = 20_000      # a running paragraph, broken across pages as needed


def width(text: str) -> int:
    """Length in characters, counting full-width (CJK) characters twice."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _at_most(limit: int, where: str) -> Callable[[dict[str, str]], dict[str, str]]:
    def check(value: dict[str, str]) -> dict[str, str]:
        for lang, text in value.items():
            n = width(str(text))
            if n > limit:
                raise ValueError(f"the {lang} text is {n:,} characters long; at most {limit:,} fit {where}; "
                                 "shorten it")
        return value
    return check


# A translatable text (language code -> text) of at most so many characters per language: in most
# places SHORT, in a card or table cell CARD, in a running paragraph PROSE.
Text = Annotated[dict[str, str], BeforeValidator(_to_text), AfterValidator(_nonblank),
                 AfterValidator(_at_most(SHORT, "here"))]
Para = Annotated[dict[str, str], BeforeValidator(_to_text), AfterValidator(_nonblank),
                 AfterValidator(_at_most(CARD, "in its box (it cannot break across pages)"))]
Prose = Annotated[dict[str, str], BeforeValidator(_to_text), AfterValidator(_nonblank),
                  AfterValidator(_at_most(PROSE, "here"))]
HeaderText = Annotated[dict[str, str], BeforeValidator(_to_text), AfterValidator(_nonblank),
                       AfterValidator(_at_most(100, "in the running header"))]
Name = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_name)]


def _email(value: str) -> str:
    if not EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address (expected name@domain.tld)")
    return value


def _url(value: str) -> str:
    if not URL.match(value):
        raise ValueError(f"{value!r} is not a web address (expected https://host/path)")
    return value


def _language(value: str) -> str:
    """A normalised language tag (`EN` -> `en`); whether its files exist is checked by content.load()."""
    return normalise(value)


def _edition(value: str) -> str:
    """The name of a registered edition (editions/: one module each)."""
    from ..editions import names
    from ..errors import did_you_mean

    known = names()
    if value not in known:
        raise ValueError(f"{value!r} is not an edition; expected one of {', '.join(known)}"
                         f"{did_you_mean(value, known)}")
    return value


def _edition_enum(schema: dict[str, Any]) -> None:
    from ..editions import names

    schema["enum"] = names()


def _all_editions() -> list[str]:
    from ..editions import names

    return names()


def _all_editions_default(schema: dict[str, Any]) -> None:
    schema["default"] = _all_editions()


Email = Annotated[str, AfterValidator(_email)]
Url = Annotated[str, AfterValidator(_url)]
Edition = Annotated[str, AfterValidator(_edition), Field(json_schema_extra=_edition_enum)]
Language = Annotated[str, AfterValidator(_language)]
Slug = Annotated[str, Field(pattern=SLUG.pattern, max_length=60)]


def _three_decimals(value: float) -> float:
    """A figure is printed as written: at most three decimals (more would print as written, unreadably)."""
    from ..numbers import decimals_of

    if decimals_of(value) > 3:
        raise ValueError(f"{value!r} has more than three decimals; round it")
    return value


# Numbers and yes/no flags are strict: YAML reads `yes`, `no`, `on`, `off` as true/false, and a
# true/false where a number belongs (or 1 where a flag belongs) is a mistake, never a 1 or a 0.
Flag = Annotated[bool, Field(strict=True)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False, strict=True)]
# A figure or a bar: finite, not negative, and short enough to print (a trillion has 13 digits).
Amount = Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False, strict=True), AfterValidator(_three_decimals)]


class Model(BaseModel):
    """Every content model. Its validator is built when it first validates (defer_build): a build
    validates in a child process (build.load) and its main process, which only receives the
    validated content, never needs one."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(Model):
    """Where a figure comes from; every figure names one by its id."""

    publisher: Name
    title: Name | None = None       # as published: a reader looks the source up by it, so it is not translated
    year: int = Field(strict=True, ge=1900, le=2100)
    url: Url | None = None


class Event(Model):
    name: Text
    city: Text | None = None
    dates: str | None = Field(default=None, max_length=60)
    audience: Text | None = None


def _issue_year(day: dt.date) -> dt.date:
    """A date PDF metadata can hold as written (four-digit years, from the Unix epoch on)."""
    if not 1970 <= day.year <= 9999:
        raise ValueError(f"{day.isoformat()} is not an issue date; expected a date from 1970 to 9999")
    return day


class Meta(Model):
    title: HeaderText
    subject: Para
    author: Name
    keywords: list[Name] = Field(default=[], max_length=40)
    language: Language = "en"
    paper: Literal["A4", "Letter"] = "A4"
    editions: list[Edition] = Field(default_factory=_all_editions, json_schema_extra=_all_editions_default,
                                    min_length=1)
    slug: Slug = "flanders-life-sciences"
    issued: Annotated[dt.date, AfterValidator(_issue_year)] | None = None
    allow_english_fallback: Flag = False
    pad_to_booklet: Flag = True


# ----- sections ------------------------------------------------------------------------------


Icon = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]


class Photo(Model):
    """A photograph: a JPEG or PNG inside the content folder, with its credit line and alt text (both
    required; the file itself is checked by graphics/photo.py)."""

    file: str = Field(min_length=1, max_length=200)
    credit: Name                    # printed beside the photo as written ("Photo: ..."), not translated
    alt: Para                       # what the photo shows, for a screen reader
    focus: tuple[Fraction, Fraction] | None = None  # [x, y] from the top left (0-1) kept in view when cropped
    place: Literal["band", "beside"] = "band"      # a section opener: a band above the title, or beside it


class SectionBase(Model):
    id: Slug
    title: Text
    intro: Prose | None = None
    new_page: Flag = True           # false: follow the previous section on the same page if it fits
    icon: Icon | None = None        # an icon of assets/icons/ beside the section's title ("bulb")
    photo: Photo | None = None      # the cover's background, or a section's opener photograph


class Cover(SectionBase):
    kind: Literal["cover"]
    subtitle: Text
    kicker: Text | None = None
    publisher: Name


class Ranking(Model):
    rank: int = Field(strict=True, ge=1, le=27)
    metric: Text
    scope: Literal["EU"] = "EU"
    source: Slug


class Rankings(SectionBase):
    kind: Literal["rankings"]
    region: Text
    items: list[Ranking] = Field(min_length=1, max_length=10)
    contents: Flag = True           # list (and link) the other sections under the ranking band


class Company(Model):
    name: Name
    acquirer: Name | None = None
    note: Text | None = None        # the card's second line when there is no acquirer to name


class Step(Model):
    """One step of a path drawn as numbered icons (e.g. how the companies grew)."""

    text: Text
    icon: Name | None = None        # an icon committed under assets/icons/ ("school", "rocket" ...)


class TrackRecord(SectionBase):
    kind: Literal["track-record"]
    companies: list[Company] = Field(min_length=1, max_length=12)
    note: Prose | None = None
    journey_title: Text | None = None
    journey: list[Step] = Field(default=[], max_length=4)


class KeyFigure(Model):
    icon: Icon | None = None
    value: Amount
    more_than: Flag = False
    label: Text
    detail: Para | None = None
    source: Slug


class Bar(Model):
    label: Text
    value: Amount
    highlight: Flag = False


class BarChart(Model):
    title: Text
    unit: Text | None = None
    bars: list[Bar] = Field(min_length=1, max_length=40)
    source: Slug
    alt: Para | None = None
    decimals: int = Field(strict=True, default=1, ge=0, le=3)

    @model_validator(mode="after")
    def _printed_as_written(self) -> "BarChart":
        """Every bar's value printed as written: none has more decimals than the chart prints."""
        from ..numbers import decimals_of

        for bar in self.bars:
            if decimals_of(bar.value) > self.decimals:
                label = bar.label.get("en") or next(iter(bar.label.values()), "")
                raise ValueError(f"the bar {label!r} is {bar.value!r}, with more decimals than the chart prints "
                                 f"({self.decimals}); round it, or set decimals: {decimals_of(bar.value)}")
        return self


class Universities(Model):
    icon: Icon | None = None
    count: int = Field(strict=True, ge=1, le=50)
    named: list[Name] = Field(default=[], max_length=20)
    text: Para


class Talent(SectionBase):
    kind: Literal["talent"]
    universities: Universities
    figures: list[KeyFigure] = Field(min_length=1, max_length=8)
    chart: BarChart


class Entry(Model):
    """One organisation in a list or directory."""

    name: Name
    town: Name | None = None
    type: Text | None = None
    focus: Para | None = None
    services: list[Text] = Field(default=[], max_length=12)
    status: Text | None = None
    highlight: Flag = False         # stands out in its directory (e.g. the park a mission visits)


class Group(Model):
    title: Text
    intro: Prose | None = None
    entries: list[Entry] = Field(min_length=1, max_length=1000)


class Profiles(SectionBase):
    """Organisations with a paragraph each (research centres, federations, networks)."""

    kind: Literal["profiles"]
    figures: list[KeyFigure] = Field(default=[], max_length=4)    # key figures under the introduction
    groups: list[Group] = Field(min_length=1, max_length=10)
    closing: Prose | None = None


class Directory(SectionBase):
    """A table of organisations: name, town, focus; breaks across pages with its header repeated."""

    kind: Literal["directory"]
    entries: list[Entry] = Field(min_length=1, max_length=1000)
    columns: list[Literal["name", "type", "town", "focus"]] = ["name", "town", "focus"]
    group_by_town: Flag = False
    layout: Literal["table", "cards"] = "table"     # cards suit a handful of entries with long text
    highlight_label: Text | None = None             # the tag on highlighted entries ("On the site visit")
    map: list[Slug] = Field(default=[], max_length=10)  # a map of Flanders pinning these sections' entries by town
    closing: Prose | None = None


class Presence(SectionBase):
    kind: Literal["presence"]
    companies: list[Name] = Field(min_length=1, max_length=200)
    nearby_title: Text | None = None
    nearby: list[Name] = Field(default=[], max_length=60)
    medtech_title: Text | None = None
    medtech: Para | None = None
    medtech_fields: list[Text] = Field(default=[], max_length=8)
    medtech_icons: list[Icon] = Field(default=[], max_length=8)     # one per field, in the same order


class Rate(Model):
    value: Percent
    up_to: Flag = False
    of: Text
    label: Text | None = None       # short name for the chart when an incentive has several rates


class Incentive(Model):
    icon: Icon | None = None
    name: Text
    rates: list[Rate] = Field(min_length=1, max_length=4)
    explanation: Para
    source: Slug


class Incentives(SectionBase):
    kind: Literal["incentives"]
    financing_title: Text | None = None
    financing: list[Text] = Field(default=[], max_length=12)
    incentives_title: Text
    incentives: list[Incentive] = Field(min_length=1, max_length=6)


class Office(Model):
    """A contact point: the agency's team at home or its office abroad for a mission."""

    organisation: Name
    team: Text | None = None
    person: Name | None = None
    role: Text | None = None
    email: Email
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9 ()./-]{6,25}$")
    address: list[Name] = Field(default=[], max_length=6)
    web: Url | None = None
    photo: Photo | None = None      # a portrait of the contact person


class Contact(SectionBase):
    kind: Literal["contact"]
    contact: Office
    local_title: Text | None = None
    local: Office | None = None
    qr: Literal["email", "web", "vcard"] = "vcard"
    sources_title: Text
    team_title: Text | None = None                  # the agency's welcome team, beside the contacts
    team_intro: Para | None = None
    team_partners: list[Name] = Field(default=[], max_length=12)
    team_services: list[Text] = Field(default=[], max_length=12)


Section = Annotated[
    Union[Cover, Rankings, TrackRecord, Talent, Profiles, Directory, Presence, Incentives, Contact],
    Field(discriminator="kind"),
]


class PartnerLogo(Model):
    name: Name
    logo: str = Field(min_length=1, max_length=200)


class Brochure(Model):
    """The whole brochure after mission overlays are merged."""

    meta: Meta
    event: Event | None = None
    partners: list[PartnerLogo] = Field(default=[], max_length=6)     # one row on the back cover
    sources: dict[Slug, Source] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1, max_length=30)

    # Section ids must be unique: checked with the line of each repeat in content.load().
