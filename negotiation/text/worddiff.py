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
    if "[" in alphabet or "]" in alphabet:
        diffs = _fine_bracket_hunks(diffs, tokens)
    segments: list[list] = []
    for op, chars in diffs:
        text = "".join(map(tokens.__getitem__, chars))
        if segments and segments[-1][0] == op:
            segments[-1][1] += text
        elif text:
            segments.append([op, text])
    changes = []
    if "[" in alphabet or "]" in alphabet:
        segments = _outermost_first(segments)
        changes = _bracket_changes(segments)
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


def _fine_bracket_hunks(diffs, tokens) -> list[tuple[int, str]]:
    """Undo semantic cleanup where it hid a bracket change: a change hunk whose fine diff only
    deletes (or only inserts) tokens, brackets among them, is shown token by token."""
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
        if fine and (_only_brackets_change(fine, tokens, -1) or _only_brackets_change(fine, tokens, 1)):
            out.extend(fine)
        else:
            out.extend(diffs[k:end])
        k = end
    return out


def _only_brackets_change(fine, tokens, op: int) -> bool:
    """Every token ``fine`` deletes (op -1) or inserts (+1) is a bracket or a space, and there
    is a bracket among them, or the fine diff only deletes (inserts) and a bracket is among it."""
    changed = [tokens[c] for o, chars in fine if o == op for c in chars]
    if not any(t in "[]" for t in changed):
        return False
    one_sided = all(o in (0, op) for o, _ in fine)
    return one_sided or all(t in "[]" or t.isspace() for t in changed)


def _outermost_first(segments: list[list]) -> list[list]:
    """In "[[a] b]" -> "[a] b" either "[" may be the one deleted; it is the outer one (the
    span that lost its brackets). Deleted or inserted "[" runs shift left through kept "[",
    "]" runs right through kept "]"."""
    out = [list(s) for s in segments]
    for k in range(1, len(out) - 1):
        op, text = out[k]
        if op == 0 or not text or set(text) - {"[", "]"} or len(set(text)) != 1:
            continue
        before, after = out[k - 1], out[k + 1]
        if text[0] == "[" and before[0] == 0:
            run = len(before[1]) - len(before[1].rstrip("["))
            if run and after[0] == 0:
                before[1], after[1] = before[1][:-run], before[1][-run:] + after[1]
        elif text[0] == "]" and after[0] == 0:
            run = len(after[1]) - len(after[1].lstrip("]"))
            if run and before[0] == 0:
                before[1], after[1] = before[1] + after[1][:run], after[1][run:]
    return [s for s in out if s[1]]


def _bracket_changes(segments: list[list]) -> list[BracketChange]:
    """Bracket changes read off the segments: brackets removed or alternatives chosen on the
    old side, brackets or alternatives added on the new side."""
    return _side_changes(segments, -1) + _side_changes(segments, 1)


def _side_changes(segments: list[list], gone: int) -> list[BracketChange]:
    """On the side holding the brackets (old for ``gone`` -1, new for +1): groups of adjacent
    outermost bracket spans whose brackets are ``gone`` (deleted, or inserted), nothing of the
    other side inserted inside them, and separators only between them. In a group, a span with
    words kept is the wording kept, a span with every word gone an alternative dropped."""
    text_parts, ops, cut_before = [], [], set()
    position = 0
    for op, text in segments:
        if op == -gone:
            cut_before.add(position)  # the other side's words stand here
            continue
        text_parts.append(text)
        ops.extend([op] * len(text))
        position += len(text)
    text = "".join(text_parts)
    spans = [s for s in bracket_spans(text) if s.depth == 1 and s.closed]
    resolved = [
        s for s in spans
        if ops[s.start] == gone and ops[s.end - 1] == gone
        and not any(p in cut_before for p in range(s.start + 1, s.end))
    ]
    groups: list[list] = []
    for span in resolved:
        between = text[groups[-1][-1].end:span.start] if groups else None
        if groups and _only_separators(between) and all(o == gone for o, ch in zip(ops[groups[-1][-1].end:span.start], between) if not ch.isspace()):
            groups[-1].append(span)
        else:
            groups.append([span])
    changes = []
    for group in groups:
        kept, dropped = [], []
        for span in group:
            for start, part in _alternatives(text, span):
                words = list(_WORD.finditer(part))
                if not words:
                    continue
                if all(ops[start + m.start()] == gone for m in words):
                    dropped.append(part.strip())
                else:
                    kept.append("".join(ch for ch, o in zip(part, ops[start:start + len(part)]) if o == 0).strip())
        if not kept:
            continue  # every word of it gone: the bracketed wording was deleted (or added) whole
        if gone == -1:
            kind = ALTERNATIVE_CHOSEN if dropped else BRACKETS_REMOVED
        else:
            kind = ALTERNATIVE_ADDED if dropped else BRACKETS_ADDED
        changes.append(BracketChange(change=kind, kept=" ".join(kept), dropped=dropped))
    return changes


def _alternatives(text: str, span) -> list[tuple[int, str]]:
    """The "/"-separated parts inside a bracket span, with their offsets."""
    parts, start = [], span.start + 1
    for part in text[span.start + 1:span.end - 1].split("/"):
        parts.append((start, part))
        start += len(part) + 1
    return parts


def _only_separators(between: str) -> bool:
    return all(token.isspace() or token in _SEPARATORS for token in _TOKEN.findall(between))
