"""Stage 1: the input as numbered lines, footnote markers made explicit.

Pure Python. ``read_lines`` unifies newlines and invisible characters and turns every
explicit footnote marker (superscript digits ``¹²``, ``<sup>1</sup>``, markdown references
``[^1]``) into a private sentinel ``\\x01N\\x02`` that later stages recognise. Footnote
numbers glued to words in PDF text (``Crime55``) are not explicit: ``footnotes.cite`` finds
them once the footnotes are known. Line numbers are those of the input (1-based), so every
error and every removed line can name its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

M_OPEN, M_CLOSE = "\x01", "\x02"
SENTINEL_RE = re.compile("\x01([0-9]+)\x02")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
SUPERSCRIPT_RUN_RE = re.compile(f"[{_SUPERSCRIPTS}]+")
SUP_TAG_RE = re.compile(r"<sup>\s*([0-9]{1,4})\s*</sup>", re.I)
OTHER_TAG_RE = re.compile(r"</?(?:sup|sub|em|i|b|strong|span|u|br)\b[^>]*>", re.I)
# A markdown footnote reference "[^4]" that is not a definition "[^4]:" at a line start.
MD_REF_RE = re.compile(r"\[\^([0-9]{1,4})\](?!:)")
WS_RE = re.compile(r"\s+")


def marker(number: str | int) -> str:
    return f"{M_OPEN}{int(number)}{M_CLOSE}"


@dataclass(slots=True)
class Line:
    """One line of the input: ``no`` 1-based, ``text`` without trailing spaces, ``indent``
    the count of leading spaces (tabs count 4); ``stripped`` and ``blank`` are computed once."""

    no: int
    text: str
    indent: int = 0
    stripped: str = field(init=False, repr=False)
    blank: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.stripped = self.text.strip()
        self.blank = not self.stripped


def _explicit_markers(text: str) -> str:
    if "<" in text:
        text = SUP_TAG_RE.sub(lambda m: marker(m.group(1)), text)
        text = OTHER_TAG_RE.sub("", text)
    if "[^" in text:
        text = MD_REF_RE.sub(lambda m: marker(m.group(1)), text)
    return SUPERSCRIPT_RUN_RE.sub(lambda m: marker(m.group(0).translate(_SUP_TO_DIGIT)), text)


def normalise(text: str) -> str:
    """Newlines, non-breaking and zero-width spaces, BOM; explicit markers to sentinels."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\ufeff", "").replace("\u00a0", " ").replace("\u200b", "").replace("\t", "    ")
    text = text.replace(M_OPEN, "").replace(M_CLOSE, "")
    return _explicit_markers(text)


def read_lines(text: str) -> list[Line]:
    """The normalised input as ``Line`` records, numbered from 1."""
    out = []
    for no, raw in enumerate(normalise(text).split("\n"), start=1):
        line = raw.rstrip()
        out.append(Line(no, line, len(line) - len(line.lstrip(" "))))
    return out


def strip_markers(text: str) -> str:
    return SENTINEL_RE.sub("", text)


def plain(text: str) -> str:
    """Text without markers, markdown emphasis and extra whitespace: what users read."""
    if M_OPEN in text:
        text = SENTINEL_RE.sub("", text)
    if "*" in text:
        text = text.replace("*", "")
    text = " ".join(text.split())
    # Removing a marker can leave "word ," when the marker sat between word and comma.
    return text.replace(" ,", ",").replace(" ;", ";") if " ," in text or " ;" in text else text
