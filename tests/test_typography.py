"""Typographic finish per language (src/brochure/typography.py): quotes and apostrophes, French
spacing, terms kept on one line, American spelling, Japanese punctuation; finishing twice changes
nothing, and hyphenation never breaks a compound that has its own hyphen."""

from __future__ import annotations

import pytest

from brochure.typography import NBSP, finish, rules_for, spaced

DATA = {"keep_together": {"en": ["life sciences"], "de": ["Life Sciences"]},
        "spelling": {"en-US": {"organisations": "organizations", "E-mail": "Email"}}}


@pytest.mark.parametrize("language, typed, printed", [
    ("en", "Let's talk about \"Europe's\" best", "Let\u2019s talk about \u201cEurope\u2019s\u201d best"),
    ("en", "Flanders' life sciences", f"Flanders\u2019 life{NBSP}sciences"),
    ("de", "Das \"Welcome Team\" hilft", "Das \u201eWelcome Team\u201c hilft"),
    ("fr", "Une sélection : « test » ; ok ? oui !", f"Une sélection{NBSP}: « test »{NBSP}; ok{NBSP}? oui{NBSP}!"),
    ("fr", "jusqu'à \"85 %\"", f"jusqu\u2019à \u00ab{NBSP}85 %{NBSP}\u00bb"),
    ("ja", "「テスト」と\"引用\"", "「テスト」と「引用」"),
    ("ja", "早わかり · ライフサイエンス", "早わかり\u30fbライフサイエンス"),      # full-width dot: its space built in
    ("en-US", "Organisations: E-mail us", "Organizations: Email us"),
])
def test_finish(language, typed, printed):
    rules = rules_for(language, DATA)
    assert finish(typed, rules) == printed
    assert finish(printed, rules) == printed, "finishing twice changes nothing"


def test_japanese_sets_a_space_between_latin_and_japanese_script_only_when_typeset():
    rules = rules_for("ja", DATA)
    assert finish("KU Leuvenとゲント", rules) == "KU Leuvenとゲント"
    assert spaced("KU Leuvenとゲント大学", rules) == "KU Leuven とゲント大学"
    assert spaced(spaced("2027年", rules), rules) == "2027 年"


def test_hyphenation_leaves_names_and_compounds_whole():
    from brochure.styles import hyphenator

    en, de = hyphenator("en"), hyphenator("de")
    # A compound with its own hyphen breaks after that hyphen only, never inside a part.
    assert list(en("high-tech")) == [("high-", "tech")]
    assert list(de("Life-Sciences-Fakultäten")) == [("Life-Sciences-", "Fakultäten"), ("Life-", "Sciences-Fakultäten")]
    assert list(de("E-Health-Lösungen")) == [("E-Health-", "Lösungen")], "no part of fewer than four letters"
    assert list(de("Hightech-Scale-ups")) == [("Hightech-", "Scale-ups")], "never 'Scale-' / 'ups'"
    assert list(en("Leuven")) == [], "a capitalised word in English is a name"
    assert list(de("Forschungseinrichtungen")), "German nouns are capitalised and do hyphenate"
    assert list(en("biotechnology"))


def test_a_long_term_is_kept_whole_even_when_it_holds_a_shorter_one():
    rules = rules_for("de", {"keep_together": {"de": ["Life Sciences", "Welcome Team for Life Sciences"]}})
    out = finish("Unser Welcome Team for Life Sciences hilft.", rules)
    assert f"Welcome{NBSP}Team{NBSP}for{NBSP}Life{NBSP}Sciences" in out


def test_japanese_lines_never_break_at_a_no_break_space():
    from brochure.layout.context import cjk_tokens

    tokens = cjk_tokens(f"ご検討中ですか？ Welcome{NBSP}Team{NBSP}for{NBSP}Life{NBSP}Sciences が")
    assert any(f"Welcome{NBSP}Team{NBSP}for{NBSP}Life{NBSP}Sciences" in t for t in tokens), tokens


def test_no_space_after_japanese_full_width_punctuation():
    out = finish("ご検討中ですか？ Welcome Team が担当します。 次に", rules_for("ja", DATA))
    assert "？Welcome" in out and "。次" in out


def test_hyphenation_leaves_no_word_fragment_alone_on_the_last_line():
    """Where the lines can do without it, a paragraph does not end with the tail of a hyphenated word
    ("akademi-" / "sches Personal stärkt."): reportlab's own breaking does, at these widths."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from brochure.layout.context import Para, _line_texts
    from brochure.styles import hyphenator

    style = ParagraphStyle("running", fontName="Helvetica", fontSize=9.5, leading=13)
    style.hyphenationLang, style.hyphenationMinWordLength = hyphenator("de"), 9
    text = ("Der Großteil der vom Gehalt der Forschenden einbehaltenen Lohnsteuer muss nicht an das Finanzamt "
            "abgeführt werden, was die Kosten eines Forschungsteams senkt und akademisches Personal stärkt.")
    for width in (172, 200):
        plain, ours = Paragraph(text, style), Para(text, style)
        plain.wrap(width, 1000)
        ours.wrap(width, 1000)
        assert _line_texts(plain)[-2].endswith("akademi-"), "the case no longer arises: choose another width"
        lines = _line_texts(ours)
        assert len(lines) == len(_line_texts(plain)), "no line more"
        assert not lines[-2].endswith("-") and lines[-1].startswith("akademisches"), lines


def test_japanese_running_text_fills_its_lines_and_prefers_phrase_breaks():
    """Running Japanese text fills every line but the last to nine tenths of the measure at least
    (set to phrases only, a line of this text ends at two thirds), breaking between phrases where
    that keeps the line so full; a heading's tokens are whole phrases."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from conftest import ASSETS
    from brochure.brand import load_theme
    from brochure.fonts import register
    from brochure.layout.context import PHRASE_FILL, cjk_lines, cjk_tokens, markup_tokens

    font = register(load_theme(ASSETS / "brand.yml"), "ja").regular
    text = ("フランダースが世界に知られるようになったのは、製品を患者のもとへ届け、投資家に大きなリターンをもたらした"
            "地元のバイオテック企業の存在があったからです。いずれも世界に名の知れた企業です。")
    width = 230.0
    lines = cjk_lines(markup_tokens(text, whole_phrases=False), font, 9.5, width)
    assert "".join(lines) == text
    for line in lines[:-1]:
        assert stringWidth(line, font, 9.5) >= PHRASE_FILL * width - 9.5, (line, lines)
    whole = cjk_lines(cjk_tokens(text), font, 9.5, width)
    assert min(stringWidth(line, font, 9.5) for line in whole[:-1]) < PHRASE_FILL * width, \
        "the case no longer arises: choose another text or width"
    assert "重ねており" in cjk_tokens("実績を重ねており、科学を")[1], cjk_tokens("実績を重ねており、科学を")


def test_german_compounds_never_break_beside_their_joint_and_hand_hyphenation_wins():
    """pyphen's German patterns offer "Zusamme-narbeit" and "Zusammena-rbeit" around the joint of
    "Zusammen|arbeit": such a run of break points is not used. A word written with its break points
    in content/typography.yaml breaks there and nowhere else."""
    from brochure.styles import LEFT, RIGHT, Hyphenator
    from brochure.typography import rules_for

    de = Hyphenator("de")
    heads = {head for head, _ in de("Zusammenarbeit")}
    assert heads and not heads & {"Zusamme", "Zusammena"}, heads
    assert {head for head, _ in de("Großunternehmen")} <= {"Großunter", "Großun"}
    rules = rules_for("de", {"hyphenation": {"de": ["Wis-sens-clus-te-ring"]}})
    de.by_hand = {w.casefold(): at for w, at in rules.hyphenation.items()}
    pairs = list(de("Wissensclustering"))
    assert pairs and all(LEFT <= len(h) <= len("Wissensclustering") - RIGHT for h, _ in pairs)
    assert {h for h, _ in pairs} == {"Wissens", "Wissensclus"}, pairs


def test_a_paragraph_broken_again_keeps_the_hyphens_of_its_compounds():
    """A paragraph is broken at several measures before one is kept (even lines, no fragment left
    alone): each try starts from the text as written, so a compound split at its own hyphen once
    ("Hightech-" / "Scale-ups") is not printed as "HightechSca-" / "leups" by a later try."""
    from reportlab.lib.styles import ParagraphStyle

    from conftest import ASSETS
    from brochure.brand import load_theme
    from brochure.fonts import register
    from brochure.layout.context import Para, _line_texts
    from brochure.styles import hyphenator

    font = register(load_theme(ASSETS / "brand.yml"), "de").regular
    style = ParagraphStyle("running", fontName=font, fontSize=9.5, leading=13.5)
    style.hyphenationLang, style.hyphenationMinWordLength = hyphenator("de"), 9
    text = ("Lebendige Mischung aus F&amp;E-Zentren, öffentlichen Forschungsinstituten und Hightech-Scale-ups "
            "in Materialwissenschaft")
    for width in range(180, 300, 10):
        paragraph = Para(text, style)
        paragraph.wrap(width, 1000)
        joined = "".join(line if line.endswith("-") else line + " " for line in _line_texts(paragraph))
        assert "Scaleups" not in joined and "HightechS" not in joined, (width, _line_texts(paragraph))


def test_a_paragraph_set_again_follows_what_its_lines_depend_on():
    """A paragraph of a text, style and width already set (by the other edition, another mission) is
    given the same lines without the tries; what those lines depend on is part of that: after the
    hand-made break points change (content/typography.yaml edited while `watch` runs), the same
    paragraph breaks where the new points say, as one set from scratch does. With the same inputs,
    the lines are those of the first."""
    from reportlab.lib.styles import ParagraphStyle

    from brochure.layout import context, linebreaks
    from brochure.layout.context import Para, _line_texts
    from brochure.styles import Hyphenator

    hyphens = Hyphenator("de")
    style = ParagraphStyle("running", fontName="Helvetica", fontSize=9.5, leading=13)
    style.hyphenationLang, style.hyphenationMinWordLength = hyphens, 9
    text = "Das Team arbeitet seit Jahren am Wissensclustering und an neuen Methoden für Partner in ganz Europa."

    def lines(by_hand: dict, fresh: bool = False) -> list[str]:
        hyphens.by_hand = by_hand
        if fresh:
            linebreaks.DECIDED.decided.clear()
        paragraph = Para(text, style)
        paragraph.wrap(120, 1000)
        return _line_texts(paragraph)

    before = lines({"wissensclustering": (7,)}, fresh=True)
    assert "Jahren am Wissens-" in before, before
    assert lines({"wissensclustering": (7,)}) == before
    after = lines({"wissensclustering": (11,)})
    assert "Jahren am Wissensclus-" in after, after
    assert after == lines({"wissensclustering": (11,)}, fresh=True)

    # The outcome is shared by what may share it (the other edition's colours), by nothing else.
    def key(paragraph_style, width=120, by_hand=None):
        hyphens.by_hand = by_hand or {}
        return context._decision_key(Para(text, paragraph_style), width)

    screen = ParagraphStyle("running-screen", parent=style, textColor="#123456")
    screen.hyphenationLang, screen.hyphenationMinWordLength = hyphens, 9
    assert key(screen) == key(style)
    assert key(style, by_hand={"wissensclustering": (7,)}) != key(style, by_hand={"wissensclustering": (11,)})
    assert key(style, width=121) != key(style)
    assert key(ParagraphStyle("bold", parent=style, fontName="Helvetica-Bold")) != key(style)
    wrapped = Para(text, style)
    wrapped.wrap(120, 1000)
    assert context._decision_key(wrapped, 200) is None, "a paragraph already broken is not as made"


def test_a_two_line_paragraph_never_ends_on_a_lone_word_it_can_take_up():
    """A line and one word under it ("…voor onderzoekers en academisch" / "personeel"): the paragraph is
    set narrower, by up to two fifths, until the last line holds two words, and keeps its two lines."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    from brochure.layout.context import Para, _line_texts

    style = ParagraphStyle("running", fontName="Helvetica", fontSize=9.5, leading=13)
    text = "van de bedrijfsvoorheffing voor onderzoekers en academisch personeel"
    # Just too narrow for the whole text: only "personeel" goes down, and taking "academisch" down with
    # it needs a measure a sixth narrower (a tenth, as longer paragraphs may narrow, does not do).
    width = stringWidth(text, "Helvetica", 9.5) - 1
    plain, ours = Paragraph(text, style), Para(text, style)
    plain.wrap(width, 1000)
    ours.wrap(width, 1000)
    assert _line_texts(plain)[-1].strip() == "personeel", "the case no longer arises"
    lines = _line_texts(ours)
    assert len(lines) == 2 and len(lines[-1].split()) >= 2, lines
    assert ours.width == width, "the paragraph keeps its column (only its lines are narrower)"


@pytest.mark.parametrize("language, value, printed", [
    ("en", 2.25, "2.25"), ("en", 0.04, "0.04"), ("en", 25000, "25,000"), ("en", 2.2, "2.2"), ("de", 2.25, "2,25"),
    ("fr", 1500.5, "1\u202f500,5"),
])
def test_a_figure_is_printed_with_the_decimals_it_was_written_with(language, value, printed):
    """2.25 printed as 2.2, 0.04 as 0.0: a figure keeps every decimal it was written with (a chart
    says how many it prints, and a bar written with more is refused: bad-input case 106)."""
    from brochure.numbers import Numbers

    assert Numbers(language).number(value) == printed
