"""Parse the text of a UN resolution, decision or treaty into a ``ParsedText``.

Pure Python, no Django, linear in the size of the input. The stages live in
``negotiation/text/parsing/``, each with its own records and tests:

1. ``lines``: numbered lines; explicit footnote markers (¹, <sup>1</sup>, [^1]) made sentinels.
2. ``furniture``: page furniture (job numbers, barcodes, page counters, running headers,
   markup) cut out and listed in ``ParsedText.removed``; ``keep_lines`` restores lines.
3. ``footnotes``: footnote texts taken out of the line stream (markdown definitions, marked
   lines, PDF blocks under ``____``); markers glued to words found later, in order.
4. ``header``: the enacting formula ("The General Assembly," with or without comma; "The
   Parties to this Agreement,") ends the heading block, which becomes metadata and title.
5. ``body``: lines to pieces (blank lines, or the start of a paragraph where there are
   none), pieces joined across page breaks, pieces to paragraphs, sub-paragraphs, sections
   (treaty Articles, options, chapter headings), annexes and closing lines.
6. ``conservation``: every word of the input is somewhere in the result, or the parse is
   refused with the line named.
"""
from __future__ import annotations

from .limits import DEFAULT_LIMITS, TextLimits
from .parsing import body as _body
from .parsing.body import Assembler, Hyphens, join_pieces, segment, subparagraph_style
from .parsing.conservation import first_line_with, missing_words
from .parsing.footnotes import Citations, extract_footnotes
from .parsing.furniture import strip_furniture, strip_running_headers
from .parsing.header import clean, enacting_at, header_items, read_header
from .parsing.leads import lead, lead_from_words, opens_preambular
from .parsing.lines import SENTINEL_RE, Line, plain, read_lines
from .parsing.patterns import is_finished, tail_char
from .structure import PAGE_FURNITURE, Footnote, Paragraph, ParsedText, RemovedLine, SubParagraph

__all__ = ["ParseError", "parse_text", "pdf_footnote_numbers", "subparagraph_style", "lead_from_words"]


class ParseError(ValueError):
    """The input cannot be read as a UN text; the message is meant for the user."""


def _starts_body(text: str) -> bool:
    return bool(opens_preambular(text) or _body.OP_START_RE.match(text) or _body.SUB_START_RE.match(text))


def _find_enacting(lines: list[Line]) -> tuple[int, str, str]:
    """Index (in ``lines``) of the enacting formula, the formula, and any text after it on
    its line ("The Economic and Social Council, recalling ...:")."""
    nonblank = [i for i, line in enumerate(lines) if not line.blank]
    for k, i in enumerate(nonblank):
        nxt = lines[nonblank[k + 1]].stripped if k + 1 < len(nonblank) else None
        if lines[i].stripped.lstrip("*# ").startswith("The ") and not is_finished(lines[i].stripped):
            # A long formula wrapped over lines: "The Conference of the Parties to the United
            # Nations Convention against" + "Transnational Organized Crime,".
            joined, j = lines[i].stripped, k
            while j + 1 < len(nonblank) and nonblank[j + 1] == nonblank[j] + 1 and j - k < 3:
                j += 1
                joined = f"{joined} {lines[nonblank[j]].stripped}"
                if is_finished(joined):
                    break
            after = lines[nonblank[j + 1]].stripped if j + 1 < len(nonblank) else None
            found = enacting_at(joined, after, _starts_body) if j > k else None
            if found and not found[1]:
                lines[i] = Line(lines[i].no, joined, 0)
                for n in nonblank[k + 1: j + 1]:
                    lines[n] = Line(lines[n].no, "", 0)
                return i, found[0], found[1]
        found = enacting_at(lines[i].stripped, nxt, _starts_body)
        if found:
            return i, found[0], found[1]
    # A decision without one: its opening sentence ends with ":" right before "(a)" or "1.".
    for k, i in enumerate(nonblank):
        if _body.ANY_START_RE.match(lines[i].stripped):
            if k >= 2 and tail_char(lines[nonblank[k - 1]].stripped) == ":":
                j = k - 1
                while j > 0 and nonblank[j - 1] == nonblank[j] - 1 and not is_finished(lines[nonblank[j - 1]].stripped):
                    j -= 1
                text = " ".join(lines[n].stripped for n in nonblank[j:k])
                for n in nonblank[j:k - 1]:
                    lines[n] = Line(lines[n].no, "", 0)
                lines[nonblank[k - 1]] = Line(lines[nonblank[k - 1]].no, text, 0)
                return nonblank[k - 1], clean(text), ""
            break
    first = next((lines[i] for i in nonblank if _starts_body(lines[i].stripped)), None)
    opening = next((lines[i] for i in nonblank), None)
    where = (
        f" Line {first.no} (“{plain(first.stripped)[:60]}…”) looks like the first paragraph, but no "
        "formula stands above it." if first else
        f" Line {opening.no} (“{plain(opening.stripped)[:60]}”) opens no UN text, and no line after it "
        "reads like a preambular or operative paragraph." if opening else ""
    )
    raise ParseError(
        "No enacting formula found: a UN text names its author on a line of its own, such as "
        "“The General Assembly,” or “The Economic and Social Council,” (or, in a treaty, “The "
        f"Parties to this Agreement,”), before the preambular paragraphs.{where} Check that the "
        "whole text was pasted."
    )


def _finish(draft: _body.Draft) -> Paragraph:
    markers = SENTINEL_RE.findall(draft.text) + [m for s in draft.subs for m in SENTINEL_RE.findall(s.text)]
    text = plain(draft.text)
    return Paragraph(
        kind=draft.kind,
        text=text,
        number=draft.number,
        lead=lead(draft.text, text, guess=not draft.section.startswith(("Article", "[Article"))),
        subparagraphs=[SubParagraph(s.number, plain(s.text), s.level) for s in draft.subs],
        footnotes=list(dict.fromkeys(markers)),
        section=draft.section,
    )


def pdf_footnote_numbers(text: str) -> set[str]:
    """Numbers of the footnotes printed under ``____`` rules in PDF text (for split_report)."""
    furnished = strip_furniture(read_lines(text))
    return extract_footnotes(furnished.lines, furnished.page_breaks).pdf_numbers


def parse_text(text: str, *, footnote_numbers: set[str] | None = None,
               keep_lines: frozenset[int] | set[int] = frozenset(),
               limits: TextLimits = DEFAULT_LIMITS) -> ParsedText:
    """Parse a UN text (markdown, plain, PDF-extracted) into a ``ParsedText``.

    ``footnote_numbers``: extra footnote numbers to recognise when glued to words, for a
    text cut out of a longer document whose footnote sits on a page of the next text.
    ``keep_lines``: 1-based input lines the user restored: never removed as furniture.

    Raises ``ParseError`` with a message for the user (naming the line where it can) when
    the text is empty or too large, has no enacting formula or no paragraphs, or when a
    word of it could not be placed.
    """
    if text is None or not text.strip():
        raise ParseError("The text is empty: paste or upload the text of a draft resolution.")
    if len(text) > limits.max_text_chars:
        raise ParseError(
            f"The text is {len(text):,} characters long; the limit is {limits.max_text_chars:,}. "
            "Import one draft at a time."
        )
    keep = frozenset(keep_lines)
    source_lines = read_lines(text)
    furnished = strip_furniture(source_lines, keep)
    extracted = extract_footnotes(furnished.lines, furnished.page_breaks)
    lines = extracted.lines
    if all(line.blank for line in lines):
        raise ParseError("The text holds no paragraphs, only page headers or footnotes.")

    index, formula, rest = _find_enacting(lines)
    parsed = ParsedText(enacting_formula=formula, removed=list(furnished.removed))
    formula_line = lines[index].no
    read_header(header_items(lines[:index]), parsed)
    header_symbols = [s for no, s in furnished.symbols if no < formula_line]
    if header_symbols:
        parsed.metadata["symbol"] = header_symbols[0]
        if len(header_symbols) > 1:
            parsed.metadata["other_symbols"] = header_symbols[1:]
    body_lines = ([Line(formula_line, rest, 0)] if rest else []) + lines[index + 1:]
    breaks = set(furnished.page_breaks) | extracted.breaks
    own_symbols = set(header_symbols)
    for no, symbol in furnished.symbols:
        if no > formula_line:
            parsed.removed.append(RemovedLine(no, symbol, PAGE_FURNITURE))
            breaks.add(no)
    body_lines, headers = strip_running_headers(body_lines, parsed.title, own_symbols, keep, breaks)
    parsed.removed.extend(headers)

    hyphens = Hyphens(text)
    pieces = join_pieces(segment(body_lines, breaks), hyphens)
    numbers = {f.marker for f in extracted.footnotes}
    citations = Citations(numbers, {str(int(n)) for n in footnote_numbers or ()})
    numbers |= {str(int(n)) for n in footnote_numbers or ()}
    assembler = Assembler()
    for piece in pieces:
        piece.text = citations.cite(_body.MD_HEADING_RE.sub(lambda m: "## " + m.group(1), piece.text))
        assembler.feed(piece)
    if not assembler.paragraphs:
        raise ParseError(
            f"No paragraphs found after the enacting formula “{formula}” (line {formula_line}): expected "
            "preambular paragraphs (“Recalling …,”) or numbered operative paragraphs (“1. Requests …;”)."
        )
    parsed.paragraphs = [_finish(d) for d in assembler.paragraphs]
    parsed.footnotes = [
        Footnote(marker=f.marker, text=plain(" ".join(f.lines))) for f in extracted.footnotes
    ]
    parsed.annexes = [a for a in ("\n".join(p for p in (plain(t) for t in annex) if p) for annex in assembler.annexes) if a]
    parsed.sections = assembler.sections
    parsed.notices = assembler.notices
    used = {p.section for p in parsed.paragraphs}
    for section in parsed.sections:
        if not any(u == section.path or u.startswith(section.path + " › ") for u in used):
            parsed.notices.append(
                f"Line {section.line}: the heading “{section.heading}” has no paragraph under it; "
                "it is shown here but a stored version keeps headings only with their paragraphs."
            )
    parsed.metadata.update(assembler.closing)
    if assembler.agreed_formula:
        parsed.metadata["agreement_formula"] = assembler.agreed_formula
    parsed.removed.sort(key=lambda r: r.line)
    _check_limits(parsed, limits)
    _check_conservation(text, parsed, numbers, "\n".join(line.text for line in source_lines))
    return parsed


def _check_limits(parsed: ParsedText, limits: TextLimits) -> None:
    if len(parsed.paragraphs) > limits.max_paragraphs:
        raise ParseError(
            f"The text has {len(parsed.paragraphs):,} paragraphs; the limit is {limits.max_paragraphs:,}."
        )
    labels = parsed.labels()
    for label, p in zip(labels, parsed.paragraphs):
        size = len(p.full_text)
        if size > limits.max_paragraph_chars:
            raise ParseError(
                f"{label} is {size:,} characters long; a paragraph may hold at most "
                f"{limits.max_paragraph_chars:,}. Check that paragraphs are separated."
            )


def _check_conservation(text: str, parsed: ParsedText, markers: set[str], normalised: str) -> None:
    missing = missing_words(text, parsed, markers, normalised=normalised)
    if not missing:
        return
    source = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    places = sorted({(first_line_with(source, w), w) for w in list(missing)[:50]})
    shown = "; ".join(f"line {no}: “{w}”" for no, w in places[:5])
    raise ParseError(
        f"{sum(missing.values())} word(s) of the text could not be placed in the structure ({shown}). "
        "Nothing was saved; check those lines (a heading, footnote or page header the parser did not expect)."
    )

