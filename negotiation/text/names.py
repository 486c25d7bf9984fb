"""Delegation names as the United Nations writes them: lookup, articles and sponsor lists.

Pure Python (no Django): the services, the report wording and the import commands share it.

The data: ``negotiation/data/delegations.json``
-----------------------------------------------
A JSON list, one object per delegation, in this order: the 193 Member States (in UN order),
the 2 observer States, the European Union (observer entity), then the groups that sponsor or
speak "on behalf of". Each object has exactly these fields:

``short_name``
    The UN short name as printed in UN lists: "Bolivia (Plurinational State of)", "Türkiye",
    "Côte d’Ivoire" (typographic apostrophe, as UN documents print it), "United States of
    America". Never starts with an article.
``sort_name``
    What the UN sorts on: the short name without diacritics ("Turkiye", "Cote d’Ivoire").
    Lists are alphabetical on it, case-insensitively; the article never counts ("the
    Philippines" sorts under P, "the Republic of Korea" under R).
``article``
    "the" if the short name takes the definite article in running text ("the Philippines",
    "the Niger", "the Sudan", "the Russian Federation", "the Holy See", "the Group of 77 and
    China"), else "". The article applies to ``short_name`` and ``report_name``.
``kind``
    "member_state" | "observer_state" | "entity" | "group".
``iso3``
    ISO 3166-1 alpha-3 code for States, null for the European Union and groups.
``report_name``
    The shorter form that session reports use in running text when it differs from the short
    name: "United States" (for "United States of America"), "United Kingdom". null otherwise.
``aliases``
    Other forms found in documents: former UN short names ("Turkey", "Swaziland",
    "the former Yugoslav Republic of Macedonia", "the Libyan Arab Jamahiriya"), long forms used
    in running text ("the Islamic Republic of Iran") and common shortenings ("Iran",
    "Russia"). Each alias is written as it appears in running text, *with its own article*
    ("the Czech Republic", "the Netherlands"), because an alias may take an article that the
    current short name does not ("Netherlands (Kingdom of the)").

The functions
-------------
- ``load_delegations()`` reads the file once into ``DelegationName`` dataclasses.
- ``match_name(raw)`` finds an entry, tolerating a leading "the", case, diacritics, curly or
  straight apostrophes, line breaks and aliases; ``require_name(raw)`` raises
  ``UnknownDelegation`` (a ``ValueError``) with close matches instead of returning None.
- ``in_running_text`` / ``join_names`` / ``sponsor_list`` write names as UN reports do:
  "Colombia (on behalf of the Group of Latin American and Caribbean States), Indonesia (on
  behalf of the Group of 77 and China), Sweden and the United States": sorted by sort name,
  articles in place, last two joined by "and", no serial comma.
- ``parse_sponsor_list`` reads such a list back into ``Sponsor`` items, exactly as written.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Union

__all__ = [
    "DATA_FILE",
    "DelegationName",
    "Sponsor",
    "UnknownDelegation",
    "in_running_text",
    "join_names",
    "load_delegations",
    "match_name",
    "name_key",
    "parse_sponsor_list",
    "require_name",
    "sort_key",
    "split_article",
    "sponsor_list",
]

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "delegations.json"

MEMBER_STATE = "member_state"
OBSERVER_STATE = "observer_state"
ENTITY = "entity"
GROUP = "group"

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u00ad": ""})


@dataclass(frozen=True)
class DelegationName:
    """One entry of ``delegations.json`` (see the module docstring for the fields)."""

    short_name: str
    sort_name: str
    article: str
    kind: str
    iso3: str | None = None
    report_name: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def running_name(self) -> str:
        """The short name with its article: "the Philippines", "Norway"."""
        return in_running_text(self.short_name, self.article)

    @property
    def report_form(self) -> str:
        """The form used in running text of reports: "United States", else the short name."""
        return self.report_name or self.short_name

    @property
    def is_state(self) -> bool:
        return self.kind in (MEMBER_STATE, OBSERVER_STATE)

    def __str__(self) -> str:
        return self.short_name


class UnknownDelegation(ValueError):
    """A name that matches no delegation; ``suggestions`` holds close short names."""

    def __init__(self, name: str, suggestions: Iterable[str] = ()):
        self.name = name
        self.suggestions = list(suggestions)
        message = f"Unknown delegation name: {name!r}."
        if self.suggestions:
            message += " Did you mean " + join_names([repr(s) for s in self.suggestions], "or") + "?"
        super().__init__(message)


# --- normalisation ---------------------------------------------------------------------------


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def split_article(raw: str) -> tuple[str, str]:
    """("the", "Philippines") for "the Philippines"; ("", "Norway") for "Norway".

    Whitespace (line wraps included) is collapsed; a capitalised "The" counts as the article.
    """
    text = " ".join(raw.split())
    if text[:4].lower() == "the " and len(text) > 4:
        return "the", text[4:]
    return "", text


def name_key(raw: str) -> str:
    """The matching key: no article, no diacritics, straight apostrophes, case-folded."""
    text = _strip_diacritics(raw.translate(_APOSTROPHES).translate(_DASHES))
    text = " ".join(text.split()).strip(" .,;:")
    text = text.replace("( ", "(").replace(" )", ")")
    _, text = split_article(text)
    return text.casefold()


def sort_key(name: str) -> str:
    """UN alphabetical order: by name, article and diacritics ignored, case-insensitive."""
    return name_key(name)


# --- the data --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _load(path: str) -> tuple[DelegationName, ...]:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(
        DelegationName(
            short_name=row["short_name"],
            sort_name=row.get("sort_name") or _strip_diacritics(row["short_name"]),
            article=row.get("article", ""),
            kind=row["kind"],
            iso3=row.get("iso3"),
            report_name=row.get("report_name"),
            aliases=tuple(row.get("aliases", ())),
        )
        for row in rows
    )


@lru_cache(maxsize=1)
def _delegation_list() -> list[DelegationName]:
    return list(_load(str(DATA_FILE)))


def load_delegations() -> list[DelegationName]:
    """All delegations from ``delegations.json``; read once, the same list every call."""
    return _delegation_list()


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, DelegationName], dict[str, str], dict[str, DelegationName]]:
    """key -> entry; key -> article of the form that key came from; ISO3 -> entry."""
    by_key: dict[str, DelegationName] = {}
    articles: dict[str, str] = {}
    by_iso: dict[str, DelegationName] = {}
    for entry in load_delegations():
        forms = [(entry.article, entry.short_name), (entry.article, entry.sort_name)]
        if entry.report_name:
            forms.append((entry.article, entry.report_name))
        forms.extend(split_article(alias) for alias in entry.aliases)
        for article, name in forms:
            key = name_key(name)
            by_key.setdefault(key, entry)
            articles.setdefault(key, article)
        if entry.iso3:
            by_iso[entry.iso3] = entry
    return by_key, articles, by_iso


def match_name(raw: str) -> DelegationName | None:
    """The delegation ``raw`` names, or None.

    Tolerates a leading "the", case, diacritics ("Turkiye"), curly or straight apostrophes,
    extra whitespace and line breaks, former names and aliases ("Turkey" -> Türkiye,
    "United States" -> United States of America), and ISO3 codes written in capitals ("USA").
    """
    if not raw or not raw.strip():
        return None
    by_key, _, by_iso = _index()
    stripped = raw.strip()
    if len(stripped) == 3 and stripped.isalpha() and stripped.isupper() and stripped in by_iso:
        return by_iso[stripped]
    key = name_key(stripped)
    if not key:
        return None
    return by_key.get(key)


def _article_of_form(raw: str) -> str | None:
    """The article that the form ``raw`` (without article) takes in running text, if known."""
    _, articles, _ = _index()
    return articles.get(name_key(raw))


def require_name(raw: str) -> DelegationName:
    """Like ``match_name``, but raises ``UnknownDelegation`` naming close matches."""
    entry = match_name(raw)
    if entry is not None:
        return entry
    by_key, _, _ = _index()
    close = difflib.get_close_matches(name_key(raw or ""), list(by_key), n=5, cutoff=0.6)
    suggestions: list[str] = []
    for key in close:
        short = by_key[key].short_name
        if short not in suggestions:
            suggestions.append(short)
    raise UnknownDelegation(raw, suggestions[:3])


# --- writing names ---------------------------------------------------------------------------


def in_running_text(name: str, article: str) -> str:
    """"the Philippines" for ("Philippines", "the"); the name alone when there is no article."""
    name = " ".join(name.split())
    article = article.strip()
    return f"{article} {name}" if article else name


def join_names(items: Iterable[str], conjunction: str = "and") -> str:
    """"A", "A and B", "A, B and C": UN style, no serial comma; "" for no items."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


@dataclass(frozen=True)
class Sponsor:
    """One item of a sponsor list, as it is to be written.

    ``name`` is written as given, without its article ("Philippines", "Turkey",
    "United States"); ``on_behalf_of`` is the text after "on behalf of", without its article
    ("European Union", "Group of 77 and China"). ``sort_name`` defaults to ``name``.
    """

    name: str
    article: str = ""
    on_behalf_of: str | None = None
    on_behalf_of_article: str = ""
    sort_name: str = ""

    @property
    def running_text(self) -> str:
        """"the Philippines", "Hungary (on behalf of the European Union)"."""
        text = in_running_text(self.name, self.article)
        if self.on_behalf_of:
            text += f" (on behalf of {in_running_text(self.on_behalf_of, self.on_behalf_of_article)})"
        return text

    @property
    def key(self) -> str:
        return sort_key(self.sort_name or self.name)

    @classmethod
    def from_name(cls, raw: str, on_behalf_of: str | None = None) -> Sponsor:
        """A sponsor written as ``raw`` ("Turkey", "the Philippines", "Philippines").

        The name keeps the form given; a missing article is taken from the fixture for that
        form ("Philippines" -> "the Philippines", "United States" -> "the United States",
        "Turkey" -> "Turkey"). Unknown names are kept as written, without article.
        """
        article, name = _article_and_name(raw)
        group_article, group = ("", None)
        if on_behalf_of:
            group_article, group = _article_and_name(on_behalf_of)
        return cls(name=name, article=article, on_behalf_of=group, on_behalf_of_article=group_article)

    @classmethod
    def from_delegation(
        cls,
        delegation: DelegationName,
        *,
        on_behalf_of: DelegationName | None = None,
        report_form: bool = False,
    ) -> Sponsor:
        """A sponsor written with the official short name (or the report form, if asked)."""
        name = delegation.report_form if report_form else delegation.short_name
        return cls(
            name=name,
            article=delegation.article,
            on_behalf_of=on_behalf_of.short_name if on_behalf_of else None,
            on_behalf_of_article=on_behalf_of.article if on_behalf_of else "",
            sort_name=delegation.sort_name if not report_form else "",
        )


def _article_and_name(raw: str) -> tuple[str, str]:
    article, name = split_article(raw)
    if not article:
        article = _article_of_form(name) or ""
    return article, name


SponsorLike = Union[Sponsor, DelegationName, str, tuple]


def _as_sponsor(item: SponsorLike) -> Sponsor:
    if isinstance(item, Sponsor):
        return item
    if isinstance(item, DelegationName):
        return Sponsor.from_delegation(item)
    if isinstance(item, tuple):
        # (display_name, article, sort_name, on_behalf_of_group_name_or_None)
        name, article, sort_name, group = (tuple(item) + (None, None, None))[:4]
        group_article, group_name = _article_and_name(group) if group else ("", None)
        return Sponsor(
            name=" ".join(name.split()),
            article=(article or "").strip(),
            on_behalf_of=group_name,
            on_behalf_of_article=group_article,
            sort_name=sort_name or "",
        )
    return Sponsor.from_name(item)


def sponsor_list(sponsors: Iterable[SponsorLike]) -> str:
    """The sponsor list as UN reports write it, whatever the order given.

    Items may be ``Sponsor``s, ``DelegationName``s (written with the official short name),
    strings (written as given, see ``Sponsor.from_name``) or tuples ``(display_name, article,
    sort_name, on_behalf_of_group_name_or_None)`` (sort_name may be empty: the name is used). Sorted by sort name ignoring the
    article, each with its article and "(on behalf of ...)", joined by commas and a final "and".
    """
    items = sorted((_as_sponsor(s) for s in sponsors), key=lambda s: s.key)
    return join_names([s.running_text for s in items])


# --- reading sponsor lists -------------------------------------------------------------------

# "Spain (on behalf of the European Union)": one name and its group; the group holds no
# parenthesis, so "A (on behalf of B) and C (on behalf of D)" is two items, not one.
_ON_BEHALF = re.compile(r"^(?P<name>[^()]*?(?:\([^()]*\))?)\s*\(on behalf of (?P<group>[^()]+)\)$", re.DOTALL)


def _split_top_level(text: str, separator: str) -> list[int]:
    """Start positions of ``separator`` outside parentheses."""
    positions, depth, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(separator, i):
            positions.append(i)
            i += len(separator)
            continue
        i += 1
    return positions


def _pieces(text: str, separator: str) -> list[str]:
    pieces, start = [], 0
    for pos in _split_top_level(text, separator):
        pieces.append(text[start:pos])
        start = pos + len(separator)
    pieces.append(text[start:])
    return [p.strip() for p in pieces]


def _known(item: str) -> bool:
    match = _ON_BEHALF.match(item)
    return match_name(match.group("name") if match else item) is not None


def _split_last(chunk: str, single: bool) -> list[str]:
    """Split "Ukraine and Venezuela (...)" in two, keeping "Trinidad and Tobago" whole."""
    positions = _split_top_level(chunk, " and ")
    if not positions:
        return [chunk]
    if single and _known(chunk):
        return [chunk]
    for pos in positions:
        left, right = chunk[:pos].strip(), chunk[pos + 5 :].strip()
        if _known(left) and _known(right):
            return [left, right]
    if _known(chunk):
        return [chunk]
    pos = positions[-1]
    return [chunk[:pos].strip(), chunk[pos + 5 :].strip()]


def parse_sponsor_list(text: str) -> list[Sponsor]:
    """Read "A, the B (on behalf of the C) and D" into ``Sponsor`` items, exactly as written.

    Line wraps are collapsed. Names that contain "and" ("Bosnia and Herzegovina", "Group of 77
    and China") are kept whole with the help of the fixture. Articles are those written:
    ``sponsor_list(parse_sponsor_list(t)) == t`` for a list in UN order.
    """
    text = " ".join(text.split()).strip().rstrip(".")
    if not text:
        return []
    chunks = _pieces(text, ", ")
    items = chunks[:-1] + _split_last(chunks[-1], single=len(chunks) == 1)
    sponsors = []
    for item in items:
        match = _ON_BEHALF.match(item)
        group_article, group = "", None
        if match:
            item = match.group("name")
            group_article, group = split_article(match.group("group"))
        article, name = split_article(item)
        sponsors.append(Sponsor(name=name, article=article, on_behalf_of=group, on_behalf_of_article=group_article))
    return sponsors
