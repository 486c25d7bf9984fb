"""Property tests: re-shaping the *source text* of a real corpus file does not change its parse.

Each corpus text (001-003, every ga80 ``.md`` and ``.raw-pdf.txt``, the four Paris drafts) is
parsed once as the reference. The source is then re-shaped the ways the same document reaches
users (copied from a PDF with no blank line anywhere, hard-wrapped at another width, with page
furniture at page breaks, with markdown footnote definitions elsewhere in the file) and parsed
again: the structure (paragraph kinds, numbers, sections, sub-paragraph labels, texts, footnote
markers; footnotes; annex count) must not change, and no word of the input may be lost.

004 is a whole report (it is parsed through ``split_report``) and is left out of re-shaping.
"""
from __future__ import annotations

import os
import re
import textwrap
from collections import Counter
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from negotiation.data import corpus_dir
from negotiation.text.parse import parse_text
from negotiation.text.structure import ParsedText

CORPUS = corpus_dir()


def _corpus_files() -> list[str]:
    names = [p.name for p in sorted(CORPUS.glob("00[123]_*.txt"))]
    names += [f"ga80/{p.name}" for p in sorted((CORPUS / "ga80").glob("*.pdf-extract-markdown.md"))]
    names += [f"ga80/{p.name}" for p in sorted((CORPUS / "ga80").glob("*.raw-pdf.txt"))]
    names += [f"paris2015/{p.name}" for p in sorted((CORPUS / "paris2015").glob("*.md"))]
    return [n for n in names if not n.endswith("README.md")]


FILES = _corpus_files()
# Paris drafts nest items by indentation, markdown-list style: without blank lines the nesting
# is not recoverable, and no one pastes a treaty that way, so they are left out of (1).
FLAT_FILES = [n for n in FILES if not n.startswith("paris2015/")]
MD_GA80 = [n for n in FILES if n.endswith(".pdf-extract-markdown.md")]
PARIS = [n for n in FILES if n.startswith("paris2015/")]

# No shrinking unless RESHAPE_SHRINK=1: a drawn re-shaping is already small (a width, at most
# four furniture insertions, a set of footnotes), while each shrinking step parses a whole
# corpus text again (minutes on the Paris drafts); a failure shows the example as drawn, and
# derandomize makes it the same on every run. Set RESHAPE_SHRINK=1 to cut a failure down.
_PHASES = tuple(Phase) if os.environ.get("RESHAPE_SHRINK") else (Phase.explicit, Phase.reuse, Phase.generate)
SETTINGS = dict(deadline=None, derandomize=True, database=None, phases=_PHASES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def test_the_corpus_is_there():
    assert len([n for n in FILES if n.startswith("00")]) == 3
    assert len(MD_GA80) >= 16 and len(PARIS) == 4
    assert any(n.endswith(".raw-pdf.txt") for n in FILES)


@lru_cache(maxsize=None)
def source(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def reference(name: str) -> ParsedText:
    return parse_text(source(name))


def _ws(text: str) -> str:
    return " ".join(text.split())


def structure(parsed: ParsedText):
    """What must not change. Footnotes are compared by number: markdown may define them in any
    order, and their number, not their place in the file, ties them to the text."""
    return (
        tuple(
            (p.kind, p.number, p.section, tuple(s.number for s in p.subparagraphs), _ws(p.full_text),
             tuple(p.footnotes))
            for p in parsed.paragraphs
        ),
        tuple(sorted(((f.marker, _ws(f.text)) for f in parsed.footnotes), key=lambda f: (int(f[0]), f[1]))),
        len(parsed.annexes),
    )


def _diff(expected, got) -> str:
    """The first difference between two structures, short enough to read in a failure."""
    (ep, ef, ea), (gp, gf, ga) = expected, got
    out = [f"paragraphs {len(ep)} -> {len(gp)}, footnotes {len(ef)} -> {len(gf)}, annexes {ea} -> {ga}"]
    for i, (a, b) in enumerate(zip(ep, gp)):
        if a != b:
            out.append(f"first paragraph that differs: #{i}\n  expected {a!r:.600}\n  got      {b!r:.600}")
            break
    else:
        if len(ep) != len(gp):
            extra = ep[len(gp):] or gp[len(ep):]
            out.append(f"extra/missing from #{min(len(ep), len(gp))}: {extra[0]!r:.600}")
    for a, b in zip(ef, gf):
        if a != b:
            out.append(f"first footnote that differs:\n  expected {a!r:.300}\n  got      {b!r:.300}")
            break
    return "\n".join(out)


def assert_same_structure(name: str, text: str) -> ParsedText:
    parsed = parse_text(text)
    expected, got = structure(reference(name)), structure(parsed)
    assert got == expected, f"{name}: {_diff(expected, got)}"
    return parsed


# --------------------------------------------------------------------------------------------
# Re-shapings: functions of the source lines, so they compose
# --------------------------------------------------------------------------------------------
def lines_of(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def remove_blank_lines(lines: list[str]) -> list[str]:
    """(1) Hard-wrapped PDF text copied with no blank line anywhere."""
    return [line for line in lines if line.strip()]


MD_DEF_RE = re.compile(r"^\s*\[\^([0-9]+)\]:")


def rewrap(lines: list[str], width: int, furniture: frozenset[str] = frozenset()) -> list[str]:
    """(2) Every line longer than ``width`` wrapped at ``width``; blank lines kept.

    Not wrapped: markdown headings (a heading is one line in markdown) and the lines that are
    page furniture in the reference parse (``furniture``: a running header is printed on one
    line whatever the width of the text). Continuation lines keep the indentation of their
    line (list nesting); a footnote definition's continuation is indented, as in the ga80
    markdown. No line is broken right after a word ending with a hyphen ("Nuclear- Weapon",
    "medium- and"): a break there reads as a word cut at a line-end hyphen, which is a
    different text, so the parser cannot be asked to give the same one. Nor is an HTML tag
    (``<span style=...>``) broken: the tag is markup, not text; nor a line broken before a word
    opening with "#" (the Paris drafts' placeholder "###"): in markdown such a line is a
    heading."""
    out = []
    for line in lines:
        if len(line.rstrip()) <= width or line.lstrip().startswith("#") or _ws(line) in furniture:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        later = indent + "    " if MD_DEF_RE.match(line) else indent
        glued = re.sub(r"(?<=\S-) +(?=\S)", "\x00", line.strip())
        glued = re.sub(r"<[^>]*>", lambda m: m.group(0).replace(" ", "\x00"), glued)  # one tag, one line
        glued = re.sub(r"(?<=\S) +(?=#)", "\x00", glued)  # a line opening with "#" is a markdown heading
        wrapped = textwrap.wrap(glued, width=width, initial_indent=indent, subsequent_indent=later,
                                break_on_hyphens=False, break_long_words=False)
        out += [w.replace("\x00", " ") for w in wrapped]
    return out


def furniture_of(name: str) -> frozenset[str]:
    return frozenset(_ws(r.text) for r in reference(name).removed)


def insert_lines(lines: list[str], insertions: list[tuple[int, list[str]]]) -> list[str]:
    """(3) ``insertions``: (position, lines) with positions in ``lines`` (insert before that
    index); inserted at once, so positions refer to the lines as given."""
    out = list(lines)
    for pos, new in sorted(insertions, key=lambda item: item[0], reverse=True):
        out[pos:pos] = new
    return out


_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")


def _alpha_tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN_RE.findall(text) if not t.isdigit()]


def formula_index(lines: list[str], parsed: ParsedText) -> int:
    """Index of the line where the enacting formula ends (it may be wrapped)."""
    formula = _alpha_tokens(parsed.enacting_formula)
    stream = [(t, i) for i, line in enumerate(lines) for t in _alpha_tokens(line)]
    words = [t for t, _ in stream]
    for k in range(len(words) - len(formula) + 1):
        if formula and words[k: k + len(formula)] == formula and (k == 0 or stream[k - 1][1] != stream[k][1]):
            return stream[k + len(formula) - 1][1]
    raise AssertionError(f"enacting formula {parsed.enacting_formula!r} not found")


def paragraph_end_lines(lines: list[str], parsed: ParsedText, start: int) -> list[int]:
    """For each paragraph of ``parsed``, the index of the source line where it ends: the line
    holding the last words of its full text (markers and numbers ignored), searched in order."""
    stream: list[tuple[str, int]] = []
    for i in range(start, len(lines)):
        if MD_DEF_RE.match(lines[i]):
            continue
        stream += [(t, i) for t in _alpha_tokens(lines[i])]
    words = [t for t, _ in stream]
    ends, pos = [], 0
    for p in parsed.paragraphs:
        tail = _alpha_tokens(p.full_text)[-6:]
        if not tail:
            ends.append(ends[-1] if ends else start)
            continue
        for k in range(pos, len(words) - len(tail) + 1):
            if words[k: k + len(tail)] == tail:
                pos = k + len(tail)
                ends.append(stream[pos - 1][1])
                break
        else:
            raise AssertionError(f"end of paragraph not found in the source: {tail}")
    return ends


def md_definition_groups(lines: list[str]) -> list[tuple[str, int, int]]:
    """(marker, first, end) of each markdown footnote definition with the lines that continue
    it: the lines right under it, up to the next blank line, but for the next definition in
    sequence. Footnotes are numbered consecutively, so a ``[^1994]:`` or ``[^7]: February
    1984.`` right under footnote 2 is a wrapped line that PDF extraction made a definition of."""
    groups, i = [], 0
    while i < len(lines):
        m = MD_DEF_RE.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].strip() and not (
            MD_DEF_RE.match(lines[j]) and int(MD_DEF_RE.match(lines[j]).group(1)) == int(m.group(1)) + 1
        ):
            j += 1
        groups.append((str(int(m.group(1))), i, j))
        i = j
    return groups


def move_md_footnotes(lines: list[str], parsed: ParsedText, markers: set[str] | None = None) -> list[str]:
    """(4) Markdown footnote definitions moved from the end of the file to just after the
    paragraph that first cites them (``markers``: which ones; all cited ones by default). A
    definition the reference parse finds no citation for goes along with the next one moved,
    so the definitions stay in their order."""
    start = formula_index(lines, parsed) + 1
    groups = md_definition_groups(lines)
    ends = paragraph_end_lines(lines, parsed, start)
    first_citation: dict[str, int] = {}
    for p, end in zip(parsed.paragraphs, ends):
        for marker in p.footnotes:
            first_citation.setdefault(marker, end)
    targets: dict[str, int] = {}
    waiting: list[str] = []
    floor = start
    for marker, a, _ in groups:
        cited = first_citation.get(marker)
        if cited is None or (markers is not None and marker not in markers) or a < cited:
            if cited is None:
                waiting.append(marker)
            else:
                waiting = []  # stays where it is: so do the uncited ones before it
            continue
        floor = max(floor, cited)
        for m in waiting + [marker]:
            targets[m] = floor
        waiting = []
    after: dict[int, list[str]] = {}
    for marker, a, b in groups:
        if marker in targets:
            after.setdefault(targets[marker], []).extend([""] + lines[a:b])
    skip = {i for marker, a, b in groups if marker in targets for i in range(a, b)}
    out = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        out.append(line)
        if i in after:
            out += after[i] + [""]
    return out


# -- page furniture -------------------------------------------------------------------------
def job_number(a: int, b: int) -> str:
    return f"{a:02d}-{b:05d} (E)"


@st.composite
def furniture_items(draw, symbol: str, title: str):
    """One piece of page furniture: a list of lines, and whether it is a running header
    (which only stands in the body: in the heading block a symbol is the document's own)."""
    year, job = draw(st.integers(10, 29)), draw(st.integers(10000, 99999))
    page, pages = draw(st.integers(2, 9)), draw(st.integers(9, 40))
    day, month = draw(st.integers(1, 28)), draw(st.integers(1, 12))
    kinds = ["job", "job+date", "barcode", "counter", "counter+job"]
    if title or symbol:
        kinds.append("running header")
    kind = draw(st.sampled_from(kinds))
    if kind == "job":
        return [job_number(year, job)], False
    if kind == "job+date":
        return [f"{job_number(year, job)} {day:02d}{month:02d}{year:02d}"], False
    if kind == "barcode":
        return [f"*{year:02d}{job:05d}*"], False
    if kind == "counter":
        return [f"{page}/{pages}"], False
    if kind == "counter+job":
        return [f"{page}/{pages} {year:02d}-{job:05d}"], False
    return [line for line in (symbol, title) if line], True


_TAG_RE = re.compile(r"<[^>]*>")
_FOOTNOTE_RULE_RE = re.compile(r"^\s*_{5,}\s*$")


def _line_words(line: str) -> str:
    line = _TAG_RE.sub(" ", line).translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
    return " ".join(_TOKEN_RE.findall(line.lower()))


def _footnote_lines(lines: list[str], parsed: ParsedText) -> set[int]:
    """Lines that print a footnote (its number and text, or a line of its text) or the rule
    above a footnote block."""
    notes = [" ".join(_TOKEN_RE.findall(f"{f.marker} {f.text}".lower())) for f in parsed.footnotes]
    out = set()
    for i, line in enumerate(lines):
        words = _line_words(line)
        if _FOOTNOTE_RULE_RE.match(line) or (words and any(words in n for n in notes)):
            out.add(i)
    return out


def _before_footnotes(lines: list[str], parsed: ParsedText) -> set[int]:
    """Insert positions right before a footnote block or inside one: a page ends with its
    footnotes, then the footer (job number, page counter), then the next page's header
    (symbol, title); no furniture stands above a footnote or between two of a page."""
    notes = _footnote_lines(lines, parsed)
    banned, upcoming = set(), False
    for p in range(len(lines), -1, -1):
        if p < len(lines) and lines[p].strip():
            upcoming = p in notes
        if upcoming:
            banned.add(p)
    return banned


def running_header_symbol(name: str, parsed: ParsedText) -> str:
    if parsed.metadata.get("symbol"):
        return parsed.metadata["symbol"]
    m = re.match(r"ga80/A_RES_80_([0-9]+)\.", name)
    return f"A/RES/80/{m.group(1)}" if m else ""


@st.composite
def furniture_insertions(draw, name: str, lines: list[str], max_items: int = 4):
    """Furniture at random places between lines: anywhere in the body but above a footnote
    (see ``_before_footnotes``); in the heading block only between blocks (where the first
    page prints it)."""
    parsed = reference(name)
    symbol, title = running_header_symbol(name, parsed), parsed.title
    body = formula_index(lines, parsed) + 1
    banned = _before_footnotes(lines, parsed)
    heading = [p for p in range(1, body) if not lines[p].strip() or not lines[p - 1].strip()]
    in_body = [p for p in range(body, len(lines) + 1) if p not in banned]
    insertions = []
    for _ in range(draw(st.integers(1, max_items))):
        item, is_header = draw(furniture_items(symbol, title))
        places = in_body if is_header else heading + in_body
        insertions.append((draw(st.sampled_from(places)), item))
    return insertions


def assert_furniture_removed(parsed: ParsedText, insertions, name: str) -> None:
    removed = Counter(_ws(r.text) for r in parsed.removed)
    wanted = Counter(_ws(line) for _, item in insertions for line in item)
    assert not wanted - removed, f"{name}: furniture not in parsed.removed: {wanted - removed}"
    ref_texts = " \n ".join(p.full_text for p in reference(name).paragraphs)
    texts = " \n ".join(p.full_text for p in parsed.paragraphs)
    for line in wanted:
        assert texts.count(line) == ref_texts.count(line), f"{name}: furniture {line!r} left in a paragraph"


# --------------------------------------------------------------------------------------------
# (1) no blank lines
# --------------------------------------------------------------------------------------------
# Known gaps of the parser, measured when these tests were written (issue 9 closing note):
# the re-shapings below still change the structure of these corpus files. They run, and
# report XPASS once the parser holds; remove an entry when it does.
KNOWN_GAPS: dict[str, list[str]] = {}  # none left: every re-shaping of every corpus file holds


def known_gap(test: str, names):
    return [pytest.param(n, marks=pytest.mark.xfail(reason='known parser gap, see KNOWN_GAPS', strict=False))
            if n in KNOWN_GAPS.get(test, ()) else n for n in names]


@pytest.mark.parametrize("name", known_gap("test_text_without_any_blank_line_parses_to_the_same_structure", FLAT_FILES))
def test_text_without_any_blank_line_parses_to_the_same_structure(name):
    text = "\n".join(remove_blank_lines(lines_of(source(name))))
    parsed = assert_same_structure(name, text)
    assert_words_conserved(text, parsed)


# --------------------------------------------------------------------------------------------
# (2) re-wrapped
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", known_gap("test_text_rewrapped_at_another_width_parses_to_the_same_structure", FILES))
@settings(max_examples=4, **SETTINGS)
@given(width=st.integers(60, 100))
def test_text_rewrapped_at_another_width_parses_to_the_same_structure(name, width):
    text = "\n".join(rewrap(lines_of(source(name)), width, furniture_of(name)))
    parsed = assert_same_structure(name, text)
    assert_words_conserved(text, parsed)


# --------------------------------------------------------------------------------------------
# (3) page furniture
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", known_gap("test_page_furniture_between_lines_is_removed_and_changes_nothing", FILES))
@settings(max_examples=5, **SETTINGS)
@given(data=st.data())
def test_page_furniture_between_lines_is_removed_and_changes_nothing(name, data):
    lines = lines_of(source(name))
    insertions = data.draw(furniture_insertions(name, lines))
    text = "\n".join(insert_lines(lines, insertions))
    parsed = assert_same_structure(name, text)
    assert_furniture_removed(parsed, insertions, name)
    assert_words_conserved(text, parsed)


# --------------------------------------------------------------------------------------------
# (4) markdown footnote definitions after the citing paragraph
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", MD_GA80)
def test_markdown_footnote_definitions_after_their_paragraph_change_nothing(name):
    lines = lines_of(source(name))
    moved = move_md_footnotes(lines, reference(name))
    if reference(name).footnotes:
        assert moved != lines, "no definition was moved"
    text = "\n".join(moved)
    parsed = assert_same_structure(name, text)
    assert_words_conserved(text, parsed)


@pytest.mark.parametrize("name", MD_GA80)
@settings(max_examples=3, **SETTINGS)
@given(data=st.data())
def test_some_markdown_footnote_definitions_moved_change_nothing(name, data):
    markers = data.draw(st.sets(st.sampled_from([f.marker for f in reference(name).footnotes] or ["0"])))
    text = "\n".join(move_md_footnotes(lines_of(source(name)), reference(name), markers))
    parsed = assert_same_structure(name, text)
    assert_words_conserved(text, parsed)


# --------------------------------------------------------------------------------------------
# combined
# --------------------------------------------------------------------------------------------
class Reshaped:
    """A re-shaped text; printed (in a failure) as the steps that made it, not as the text."""

    def __init__(self, text: str, insertions, steps: list[str]):
        self.text, self.insertions, self.steps = text, insertions, steps

    def __repr__(self) -> str:
        return f"Reshaped({'; '.join(self.steps) or 'unchanged'})"

    def _repr_pretty_(self, printer, cycle) -> None:  # hypothesis prints drawn values with this
        printer.text(repr(self))


@st.composite
def reshapings(draw, name: str):
    """A random combination of the re-shapings that fit the file, applied in the order a
    document goes through them (footnotes placed, wrapped, blank lines lost, paginated)."""
    parsed = reference(name)
    lines = lines_of(source(name))
    steps = []
    # Markdown footnote definitions among the paragraphs need their blank lines: in markdown
    # a line right under a definition continues it (a lazy continuation line), so "moved"
    # and "no blank lines" together make another document, and are not drawn together.
    moved = name in MD_GA80 and draw(st.booleans())
    if moved:
        lines = move_md_footnotes(lines, parsed)
        steps.append("footnotes moved")
    if draw(st.booleans()):
        width = draw(st.integers(60, 100))
        lines = rewrap(lines, width, furniture_of(name))
        steps.append(f"rewrapped at {width}")
    if name in FLAT_FILES and not moved and draw(st.booleans()):
        lines = remove_blank_lines(lines)
        steps.append("blank lines removed")
    insertions = []
    if draw(st.booleans()):
        insertions = draw(furniture_insertions(name, lines))
        lines = insert_lines(lines, insertions)
        steps.append(f"furniture {insertions}")
    return Reshaped("\n".join(lines), insertions, steps)


@pytest.mark.parametrize("name", known_gap("test_combined_reshapings_parse_to_the_same_structure", FILES))
@settings(max_examples=5, **SETTINGS)
@given(data=st.data())
def test_combined_reshapings_parse_to_the_same_structure(name, data):
    reshaped = data.draw(reshapings(name))
    parsed = assert_same_structure(name, reshaped.text)
    assert_furniture_removed(parsed, reshaped.insertions, name)


@pytest.mark.parametrize("name", FILES)
@settings(max_examples=5, **SETTINGS)
@given(data=st.data())
def test_every_word_of_a_reshaped_input_is_in_the_output(name, data):
    reshaped = data.draw(reshapings(name))
    assert_words_conserved(reshaped.text, parse_text(reshaped.text))


# --------------------------------------------------------------------------------------------
# Conservation: the parser's own check, and an independent one written here
# --------------------------------------------------------------------------------------------
# Markup that carries no word of the document, removed from the input before counting:
# HTML tags (``<sup>1</sup>`` keeps its "1"; ``<span style="font-variant:small-caps;">`` is
# markup: "span", "style", "font", "variant", "small", "caps"), kramdown attribute lists
# (``{:toc}``, ``{:.no_toc}``: "toc", "no") and the kramdown table-of-contents line
# (``* TOC``). Nothing else is exempt.
_MARKUP_RES = (re.compile(r"<[^>]*>"), re.compile(r"\{:[^}]*\}"), re.compile(r"^\s*\*\s+TOC\s*$", re.M))
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_RUN_RE = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
# Header labels that a metadata field stands for: "Distr.: Limited" is distribution "Limited",
# "Original: English" original_language "English", "Agenda item 5 (a)" agenda_item "5 (a)".
_FIELD_LABEL_WORDS = {"distribution": ["distr"], "original_language": ["original"],
                      "agenda_item": ["agenda", "item", "items"]}


def _count(text: str) -> Counter:
    return Counter(t.lower() for t in _TOKEN_RE.findall(text))


def input_words(text: str) -> Counter:
    for markup in _MARKUP_RES:
        text = markup.sub(" ", text)
    # A superscript marker is a number: "thereto,¹" holds "thereto" and "1" (Python's \w takes
    # "¹" for a letter, so it is made a digit first).
    text = _SUPERSCRIPT_RUN_RE.sub(lambda m: " " + m.group(0).translate(_SUPERSCRIPT) + " ", text)
    return _count(text)


def parsed_words(parsed: ParsedText) -> Counter:
    out: Counter = Counter()

    def add(value):
        if isinstance(value, str):
            out.update(_count(value))
        elif isinstance(value, dict):
            for v in value.values():
                add(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                add(v)

    add(parsed.metadata)
    for key, labels in _FIELD_LABEL_WORDS.items():
        if key in parsed.metadata:
            out.update(labels)
    add([parsed.title, parsed.sponsor_line, parsed.recommending_formula, parsed.enacting_formula])
    for p in parsed.paragraphs:
        add([p.full_text, p.number or "", list(p.footnotes)])
    for f in parsed.footnotes:
        add([f.marker, f.text])
    add(list(parsed.annexes))
    add([s.heading for s in parsed.sections])
    add([r.text for r in parsed.removed])
    return out


def lost_words(text: str, parsed: ParsedText) -> Counter:
    """Words of ``text`` that ``parsed`` does not hold, with three allowances, each a thing
    the parser is meant to do:

    * a footnote number cited twice in one paragraph is listed once in ``footnotes``: a
      footnote marker needs to be found once, not as often as it is printed;
    * a word cut by a line-end hyphen is joined ("implemen-" + "tation");
    * a footnote number glued to a number is split off ("77/2285" = 77/228 + footnote 5,
      "198868" = 1988 + footnote 68).
    """
    have, want = parsed_words(parsed), input_words(text)
    lost = want - have
    spare = have - want
    markers = {f.marker for f in parsed.footnotes}
    for word in list(lost):
        if word.isdigit() and str(int(word)) in markers and have[word]:
            del lost[word]
    for joined in list(spare):
        for i in range(1, len(joined)):
            a, b = joined[:i], joined[i:]
            while lost[a] > 0 and lost[b] > 0 and spare[joined] > 0 and (a != b or lost[a] > 1):
                lost[a] -= 1
                lost[b] -= 1
                spare[joined] -= 1
    for word in list(lost):
        if not word.isdigit():
            continue
        for i in range(1, len(word)):
            number, note = word[:i], word[i:]
            while lost[word] > 0 and spare[number] > 0 and note.lstrip("0") in markers:
                lost[word] -= 1
                spare[number] -= 1
    return +lost


def assert_words_conserved(text: str, parsed: ParsedText) -> None:
    try:
        from negotiation.text.parsing.conservation import missing_words
    except ImportError:  # pragma: no cover - the parser's own check is optional
        missing_words = None
    if missing_words is not None:
        own = missing_words(text, parsed, {f.marker for f in parsed.footnotes})
        assert not own, f"parser's conservation check: lost {dict(own)}"
    lost = lost_words(text, parsed)
    assert not lost, f"independent check: words of the input not in the output: {dict(lost)}"


@pytest.mark.parametrize("name", FILES)
def test_every_word_of_a_corpus_file_is_in_its_parse(name):
    assert_words_conserved(source(name), reference(name))


def test_independent_word_check_sees_a_lost_word():
    text = source(FILES[0])
    parsed = reference(FILES[0])
    damaged = ParsedText(**{**parsed.__dict__, "paragraphs": parsed.paragraphs[1:]})
    assert lost_words(text, damaged)


# --------------------------------------------------------------------------------------------
# The reference parses themselves: what every re-shaping is compared with must follow UN practice
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", known_gap("test_reference_footnotes_are_numbered_consecutively_once_each", [n for n in FILES if not n.startswith("paris2015/")]))
def test_reference_footnotes_are_numbered_consecutively_once_each(name):
    """UN documents number footnotes 1, 2, 3 ... through the document, each printed once.
    (Not the Paris drafts: the mirror numbers its editorial notes its own way, [^0], two [^2].)"""
    markers = [f.marker for f in reference(name).footnotes]
    assert markers == [str(n) for n in range(1, len(markers) + 1)], name


@pytest.mark.parametrize("name", known_gap("test_reference_footnotes_are_each_cited_by_a_paragraph", [n for n in FILES if not n.startswith("paris2015/")]))
def test_reference_footnotes_are_each_cited_by_a_paragraph(name):
    """In a resolution every footnote is called from the text (the Paris drafts also cite
    footnotes from their heading: "*Edited version of 6 November 2015*[^1]")."""
    cited = {m for p in reference(name).paragraphs for m in p.footnotes}
    assert [f.marker for f in reference(name).footnotes if f.marker not in cited] == [], name
