"""Word-level diff of two paragraph texts, and the bracket changes a negotiator reads in it.

Each word, whitespace run and punctuation mark becomes one character of a token alphabet
(diff-match-patch's linesToChars trick applied to words), so diff-match-patch works on whole
words and semantic cleanup cannot cut a word in two ("reaffirms" -> "[-re-]affirms"). The diff
runs in fast-diff-match-patch, the C++ port of the same library: the same diffs, about 15x
faster than the Python one, which a heavily rewritten treaty needs.

Giant paragraphs stay fast: above ``DIRECT_TOKENS`` tokens, the two token strings are first
cut at words that occur exactly once on each side and keep their order (patience diff), and
diff-match-patch runs on the stretches between those anchors. A stretch that is still larger
than ``MAX_CELLS`` (old tokens x new tokens) and has no anchor left is shown as replaced: a
bounded cost, and only reachable on text that repeats itself at length.

Brackets: in a rolling text, "[shall] [should]" becoming "shall" is the facilitator choosing
an alternative, and "[take]" becoming "take" is brackets removed around agreed words.
Semantic cleanup would show both as the words deleted and typed again; ``diff_words`` undoes
that for every change that only removes (or adds) brackets, drops bracketed alternatives or
the separators between them, and names it in ``BracketChange``.

Pure Python, no Django.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import fast_diff_match_patch
from diff_match_patch import diff_match_patch

from negotiation.text.brackets import bracket_spans

__all__ = [
    "BracketChange", "DIRECT_TOKENS", "MAX_CELLS", "diff_words", "is_punctuation_only",
    "marked_text", "word_diff",
]

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")  # words, whitespace runs, single punctuation marks
_WORD = re.compile(r"\w+")
_PRIVATE_USE = 0xE000  # token alphabet; avoids surrogates
DIRECT_TOKENS = 3000  # up to this many tokens a side, diff-match-patch runs on the whole text
MAX_CELLS = 4_000_000  # an anchorless stretch bigger than this (tokens x tokens) is "replaced"
_OPS = {"=": 0, "-": -1, "+": 1}
_SEPARATORS = frozenset({"/", "or", "OR", "Or"})  # between two bracketed alternatives

BRACKETS_REMOVED = "brackets removed"
ALTERNATIVE_CHOSEN = "alternative chosen"
BRACKETS_ADDED = "brackets added"
ALTERNATIVE_ADDED = "alternative added"


@dataclass
class BracketChange:
    """One bracket change of a paragraph: ``kept`` is the wording now outside (or, for added
    brackets, inside) the brackets; ``dropped`` the bracketed alternatives taken out (or put in)."""

    change: str  # BRACKETS_REMOVED | ALTERNATIVE_CHOSEN | BRACKETS_ADDED | ALTERNATIVE_ADDED
    kept: str
    dropped: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def word_diff(old_text: str, new_text: str) -> list[list]:
    """Word-level segments ``[op, text]`` (op -1 deleted, 0 kept, 1 inserted).

    Ops 0 and 1 concatenated give ``new_text`` exactly; ops 0 and -1 give ``old_text``."""
    return diff_words(old_text, new_text)[0]


def diff_words(old_text: str, new_text: str) -> tuple[list[list], list[BracketChange]]:
    """``word_diff`` plus the bracket changes it shows (their segments kept word-fine)."""
    if old_text == new_text:
        return [[0, old_text]], []
    alphabet: dict[str, str] = {}  # token -> char
    tokens: dict[str, str] = {}  # char -> token

    def encode(text: str) -> str:
        chars = []
        for token in _TOKEN.findall(text):
            char = alphabet.get(token)
            if char is None:
                char = alphabet[token] = _token_char(len(tokens))
                tokens[char] = token
            chars.append(char)
        return "".join(chars)

    old_chars, new_chars = encode(old_text), encode(new_text)
    diffs = _diff_chars(old_chars, new_chars)
    changes: list[BracketChange] = []
    if "[" in alphabet or "]" in alphabet:
        diffs = _bracket_hunks(diffs, tokens, changes)
    segments: list[list] = []
    for op, chars in diffs:
        text = "".join(map(tokens.__getitem__, chars))
        if segments and segments[-1][0] == op:
            segments[-1][1] += text
        elif text:
            segments.append([op, text])
    return segments, changes


def marked_text(segments: list[list]) -> str:
    """Segments as text with [-deleted-] and {+inserted+} markers."""
    marks = {-1: "[-{}-]", 0: "{}", 1: "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in segments)


def is_punctuation_only(segments: list[list]) -> bool:
    """True when something changed and no changed segment holds a word character."""
    changed = [text for op, text in segments if op != 0]
    return bool(changed) and not any(_WORD.search(text) for text in changed)


# --- the token diff ---------------------------------------------------------------------


def _token_char(index: int) -> str:
    """The index-th character of the token alphabet (private use areas, never a surrogate)."""
    if index < 0x1900:
        return chr(_PRIVATE_USE + index)
    return chr(0xF0000 + index - 0x1900)


def _dmp(a: str, b: str, cleanup: str = "No") -> list[tuple[int, str]]:
    """diff-match-patch run to completion (deterministic), as (op, text) tuples."""
    return [(_OPS[op], text) for op, text in fast_diff_match_patch.diff(
        a, b, timelimit=0, cleanup=cleanup, counts_only=False,
    )]


def _diff_chars(a: str, b: str) -> list[tuple[int, str]]:
    """The semantic token diff; cut at unique common anchors when the strings are large."""
    if len(a) <= DIRECT_TOKENS and len(b) <= DIRECT_TOKENS:
        return _dmp(a, b, cleanup="Semantic")
    diffs: list[tuple[int, str]] = []
    stack: list[tuple[str, str] | str] = [(a, b)]  # a gap to diff, or an anchor token (kept)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            diffs.append((0, item))
            continue
        x, y = item
        small = len(x) <= DIRECT_TOKENS and len(y) <= DIRECT_TOKENS
        anchors = [] if small else _unique_anchors(x, y)
        if anchors:
            pieces: list[tuple[str, str] | str] = []
            xi = yi = 0
            for i, j in anchors:
                pieces += [(x[xi:i], y[yi:j]), x[i]]
                xi, yi = i + 1, j + 1
            pieces.append((x[xi:], y[yi:]))
            stack.extend(reversed(pieces))  # popped back in order
        elif small or len(x) * len(y) <= MAX_CELLS:
            diffs.extend(_dmp(x, y))
        else:
            diffs.extend([(-1, x), (1, y)])
    dmp = diff_match_patch()
    dmp.diff_cleanupMerge(diffs)
    dmp.diff_cleanupSemantic(diffs)
    return diffs


def _unique_anchors(x: str, y: str) -> list[tuple[int, int]]:
    """Positions (i, j) of tokens found exactly once in x and once in y, in the longest run
    that keeps their order (patience diff)."""
    seen_x: dict[str, int] = {}
    for i, c in enumerate(x):
        seen_x[c] = -1 if c in seen_x else i
    seen_y: dict[str, int] = {}
    for j, c in enumerate(y):
        seen_y[c] = -1 if c in seen_y else j
    matches = sorted(
        (i, seen_y[c]) for c, i in seen_x.items() if i >= 0 and seen_y.get(c, -1) >= 0
    )
    from negotiation.text.align import longest_increasing

    return longest_increasing(matches)


# --- bracket changes --------------------------------------------------------------------


def _bracket_hunks(diffs, tokens, changes) -> list[tuple[int, str]]:
    """Rewrite each change hunk that is only a bracket change as its fine-grained diff."""
    def decode(chars: str) -> str:
        return "".join(map(tokens.__getitem__, chars))

    out: list[tuple[int, str]] = []
    k = 0
    while k < len(diffs):
        if diffs[k][0] == 0:
            out.append(diffs[k])
            k += 1
            continue
        end = k
        while end < len(diffs) and diffs[end][0] != 0:
            end += 1
        deleted = "".join(chars for op, chars in diffs[k:end] if op == -1)
        inserted = "".join(chars for op, chars in diffs[k:end] if op == 1)
        fine = _dmp(deleted, inserted) if deleted and inserted else None
        change = None
        if fine is not None:
            change = _as_bracket_change(fine, decode, removing=True) or _as_bracket_change(
                [(-op, chars) for op, chars in fine], decode, removing=False
            )
        if change is None:
            out.extend(diffs[k:end])
        else:
            changes.append(change)
            out.extend(fine)
        k = end
    return out


def _as_bracket_change(fine, decode, *, removing: bool) -> BracketChange | None:
    """A BracketChange if ``fine`` only deletes brackets, bracketed wording and separators
    between alternatives (``removing``), read on the side that holds the brackets."""
    if any(op == 1 for op, _ in fine):
        return None
    pieces = [(op, decode(chars)) for op, chars in fine]
    bracketed = "".join(text for _, text in pieces)
    spans = [s for s in bracket_spans(bracketed) if s.depth == 1]
    if not spans or not any(op == -1 and ("[" in t or "]" in t) for op, t in pieces):
        return None
    inside = [False] * len(bracketed)
    for span in spans:
        inside[span.start:span.end] = [True] * (span.end - span.start)
    deleted = [False] * len(bracketed)
    position = 0
    for op, text in pieces:
        if op == -1:
            deleted[position:position + len(text)] = [True] * len(text)
            for match in _TOKEN.finditer(text):
                token, at = match.group(), position + match.start()
                if token in "[]" or token.isspace() or inside[at]:
                    continue
                if token in _SEPARATORS and _between_spans(spans, at):
                    continue
                return None
        position += len(text)
    # Each alternative: a bracketed span, or a "/"-separated part of one.
    dropped = []
    for span in spans:
        start = span.start + 1
        for part in bracketed[span.start + 1:span.end - (1 if span.closed else 0)].split("/"):
            words = [m for m in _WORD.finditer(part)]
            if words and all(deleted[start + m.start()] for m in words):
                dropped.append(part.strip(" []"))
            start += len(part) + 1
    kept = "".join(text for op, text in pieces if op == 0).strip(" ,;")
    if removing:
        kind = ALTERNATIVE_CHOSEN if dropped else BRACKETS_REMOVED
    else:
        kind = ALTERNATIVE_ADDED if dropped else BRACKETS_ADDED
    return BracketChange(change=kind, kept=kept, dropped=dropped)


def _between_spans(spans, at: int) -> bool:
    before = any(s.end <= at for s in spans)
    after = any(s.start > at for s in spans)
    return before and after
