"""Akoma Ntoso 3.0 (OASIS LegalDocML) in and out, following the AKN4UN guidelines.

``version_to_akn(parsed, meta)`` writes a ``ParsedText`` (and, in ``AknMeta``, what the database
knows of the version: symbol, label, dates, body, sponsors, actions and votes) as AKN XML;
``akn_to_parsed(xml)`` reads it back; ``akn_read(xml)`` gives the ``AknMeta`` too;
``akn_validate(xml)`` checks a document against the official schema shipped in
``negotiation/data/akn/`` (``akomantoso30.xsd``, OASIS Standard of 29 August 2018, with the
``xml.xsd`` it imports).

Pure Python and lxml: no Django here (house rule 1).

The shape written (AKN4UN: a resolution is a ``<statement>`` of the "deliberation" subtype,
its ``@name`` the kind of text, "resolution" or "decision"; the stage — draft, revised draft,
as orally revised — is the expression's ``FRBRversionNumber`` and the preface's ``docStage``)::

    <akomaNtoso>
      <statement name="resolution" contains="singleVersion">
        <meta>
          <identification source="#un"> FRBRWork (the draft: base symbol), FRBRExpression
            (this version: full symbol and label, eng), FRBRManifestation (this XML file)
          <workflow source="#un"> a <step> per action (date, body, outcome)
          <analysis source="#un"><parliamentary><voting outcome=... refersTo="#recordedVote">
            <quorum value=.../><count value=... refersTo="#inFavour"/> ... (one per vote)
          <references source="#un"> TLCOrganization: the UN, the body, each sponsor (and the group
            it sponsors on behalf of); TLCConcept: outcomes and vote choices; TLCRole: sponsor roles
          <notes source="#un"> footnotes that no paragraph cites (kept, in their place in the list)
          <proprietary source="#un"> the parsed metadata, exactly, and the sponsorships (dates,
            roles, on behalf of) in the tracker's own namespace (``TR_NS``)
        <preface> masthead (docAuthority, docNumber, docStatus, docDate, session ...), the sponsor
          line (docProponent: docStage), the recommending formula, the title (longTitle/docTitle)
        <preamble> the enacting formula (formula name="enactingFormula"), then one
          <container name="preambularParagraph" eId="preamble__container_3"> per PP, its lead
          phrase in <i>
        <mainBody> one <paragraph eId="para_12"><num>12.</num><content><p><i>Requests</i> ...</p>
          per OP; sub-paragraphs as <subparagraph eId="para_12__subpara_b"> (nested by level);
          a treaty's Articles as <article eId="art_4"> holding their paragraphs, options and other
          headings inside Articles as <hcontainer name="option"|"section">
        <attachments> one <attachment><doc name="annex"> per annex, a <p> per line

Footnotes are ``<authorialNote marker="1" placement="bottom" eId="para_3__authorialNote_1">``
at the end of the chapeau of the first paragraph that cites them (the parser keeps which
paragraph cites a footnote, not where in it); later citations are ``<noteRef>`` to it. The
number after ``authorialNote_`` / ``note_`` is the footnote's place in the list, so the list
reads back in its order. Brackets stay in the text as typed.

Values the standard has no element for (a sub-paragraph's number as stored when it differs
from the printed "(a)", a heading as printed, a level the nesting does not show) ride as
attributes in ``TR_NS``: AKN's ``core`` attribute group admits any attribute of another
namespace, so the document still validates. Paragraph lineage (stable identity across
versions) is the AKN ``wId`` (work-level id, the same in every expression).

Not kept (they describe the input file, not the text): ``removed`` lines, ``notices`` and
``Section.line``; ``akn_to_parsed`` returns them empty / 0.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .structure import (
    ARTICLE_RE,
    OPERATIVE,
    PREAMBULAR,
    Footnote,
    Paragraph,
    ParsedText,
    Section,
    SubParagraph,
    sub_number,
)

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
TR_NS = "urn:x-un-negotiation-tracker:akn:1"
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "akn"
SCHEMA_FILE = SCHEMA_DIR / "akomantoso30.xsd"
PATH_SEPARATOR = " › "

_A = "{%s}" % AKN_NS
_T = "{%s}" % TR_NS
_NSMAP = {None: AKN_NS, "tr": TR_NS}

# Elements that only hold other elements: indented when written (never a <p> or an inline,
# whose whitespace is text).
_STRUCTURAL = {
    "akomaNtoso", "statement", "doc", "meta", "identification", "FRBRWork", "FRBRExpression",
    "FRBRManifestation", "references", "analysis", "parliamentary", "voting", "count", "workflow",
    "notes", "note", "proprietary", "preface", "preamble", "mainBody", "container", "paragraph",
    "subparagraph", "intro", "content", "article", "hcontainer", "blockList", "item", "longTitle",
    "formula", "attachments", "attachment", "chapter", "part", "section",
    f"{_T}metadata", f"{_T}sponsors",
}

VOTE_CHOICES = ("in_favour", "against", "abstaining")
_CHOICE_CONCEPT = {"in_favour": "inFavour", "against": "against", "abstaining": "abstaining"}
_VOTE_KIND_CONCEPT = {"without_vote": "withoutVote", "recorded": "recordedVote", "non_recorded": "nonRecordedVote"}

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
# Characters XML 1.0 cannot carry at all.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class AknError(ValueError):
    """The file is not an Akoma Ntoso document this module can read."""


# -- the metadata the database adds ------------------------------------------------------------
@dataclass
class AknSponsor:
    """A sponsoring delegation as the version stood: "main" or "co"; ``on_behalf_of`` a group."""

    name: str
    role: str = "main"
    on_behalf_of: str = ""
    joined_on: str = ""  # ISO date


@dataclass
class AknVote:
    """How an action was taken: "without_vote", "recorded" or "non_recorded", with counts and,
    for a recorded vote, the delegations in each list."""

    kind: str = "without_vote"
    in_favour: int | None = None
    against: int | None = None
    abstaining: int | None = None
    voters: dict[str, list[str]] = field(default_factory=dict)  # "in_favour" -> names


@dataclass
class AknAction:
    """An action at a meeting on this version: "adopted", "approved_and_recommended", ..."""

    date: str  # ISO date of the meeting
    body: str
    outcome: str
    meeting: int | None = None
    result: str = ""  # "resolution 20/3"
    vote: AknVote | None = None


@dataclass
class AknMeta:
    """What the export says about the version beyond its text. Every field may stay empty:
    the symbol, body and date then come from ``ParsedText.metadata`` where it has them."""

    symbol: str = ""  # the version as cited: "E/CN.15/2011/L.13/Rev.1, as further revised"
    work_symbol: str = ""  # the draft's symbol, which every version shares: "E/CN.15/2011/L.13"
    version_label: str = ""  # "L.13/Rev.1, as further revised"
    version_kind: str = ""  # issued | oral | informal | final
    date: str = ""  # ISO date of this version
    work_date: str = ""  # ISO date of the draft's first version
    body: str = ""  # "Commission on Crime Prevention and Criminal Justice"
    body_short: str = ""  # "CCPCJ"
    doc_kind: str = "resolution"  # resolution | decision
    generated: str = ""  # ISO date of this file; today when empty
    sponsors: list[AknSponsor] = field(default_factory=list)
    actions: list[AknAction] = field(default_factory=list)


# -- small helpers -------------------------------------------------------------------------------
def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text or "")


def _el(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, tag if tag.startswith("{") else _A + tag)
    for key, value in attrs.items():
        if value is None:
            continue
        key = key.rstrip("_")
        element.set(key if key.startswith("{") else key, str(value))
    if text:
        element.text = _clean(text)
    return element


def token(text: str) -> str:
    """A camelCase identifier for a name: "Bolivia (Plurinational State of)" ->
    "boliviaPlurinationalStateOf"; "GA/C.3" -> "gaC3"."""
    words = re.findall(r"[A-Za-z0-9]+", text or "")
    if not words:
        return "x"
    out = words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:])
    return out if out[0].isalpha() else "x" + out


def _num_token(number: str) -> str:
    """The part of an eId a number gives: "(b)" -> "b", "3.3bis" -> "3.3bis", "Option 1:" -> "Option1"."""
    return "".join(re.findall(r"[A-Za-z0-9.]+", number or "")).strip(".")


def _uri_part(text: str) -> str:
    """A piece of an FRBR IRI: "E/CN.15/2011/L.13" -> "E-CN.15-2011-L.13"."""
    text = re.sub(r"[/\s,;]+", "-", (text or "").strip())
    return re.sub(r"[^A-Za-z0-9.\-_]", "", text).strip("-") or "nn"


def iso_date(text) -> str:
    """An ISO date from "6 October 2011", "15 April 2011", "2011-04-15"; "" when there is none."""
    if isinstance(text, (dt.date, dt.datetime)):
        return text.isoformat()[:10]
    text = str(text or "")
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if m:
        return m.group(0)
    m = re.search(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b", text)
    if m and m.group(2).lower() in _MONTHS:
        try:
            return dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()
        except ValueError:
            return ""
    return ""


class _Ids:
    """eIds unique in the document (the schema checks it)."""

    def __init__(self):
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}

    def next(self, prefix: str) -> int:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return self.counters[prefix]

    def unique(self, eid: str) -> str:
        candidate, n = eid, 1
        while candidate in self.used:
            n += 1
            candidate = f"{eid}_dup{n}"
        self.used.add(candidate)
        return candidate


def _indent(element, level: int = 0) -> None:
    """Indent the structural elements only: a <p> keeps its text exactly as it is."""
    local = etree.QName(element).localname if element.tag.startswith(_A) else element.tag
    if local not in _STRUCTURAL or element.text and element.text.strip():
        return
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in children:
        _indent(child, level + 1)
        child.tail = pad
    children[-1].tail = "\n" + "  " * level


# -- writing ---------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, parsed: ParsedText, meta: AknMeta):
        self.parsed = parsed
        self.meta = meta
        self.ids = _Ids()
        self.footnote_index = {f.marker: i for i, f in reversed(list(enumerate(parsed.footnotes, start=1)))}
        self.footnote_text = {f.marker: f.text for f in reversed(parsed.footnotes)}
        self.note_eids: dict[str, str] = {}  # marker -> eId of its authorialNote, once written
        md = parsed.metadata or {}
        self.symbol = meta.symbol or str(md.get("symbol") or md.get("reference") or "")
        self.work_symbol = meta.work_symbol or self.symbol.split(",")[0]
        self.generated = meta.generated or dt.date.today().isoformat()
        self.date = meta.date or iso_date(md.get("date")) or iso_date(md.get("adopted")) or self.generated
        self.work_date = meta.work_date or self.date
        self.body = meta.body or str(md.get("body") or md.get("organization") or "United Nations")
        self.body_id = token(meta.body_short or self.body)
        if self.body_id == "un":
            self.body_id = "unBody"
        self.orgs: dict[str, tuple[str, str]] = {}  # eId -> (name, kind)

    # identification ------------------------------------------------------------------------
    def uris(self, component: str = "main") -> tuple[str, str, str]:
        work = f"/akn/un/statement/deliberation/{self.body_id}/{self.work_date}/{_uri_part(self.work_symbol)}"
        label = self.meta.version_label or self.symbol
        expression = f"{work}/eng@{_uri_part(label).lower() if label else self.date}"
        return work, expression, f"{expression}/!{component}.xml"

    def identification(self, meta_el, component: str = "main") -> None:
        work, expression, manifestation = self.uris(component)
        ident = _el(meta_el, "identification", source="#un")
        w = _el(ident, "FRBRWork")
        _el(w, "FRBRthis", value=f"{work}/!{component}")
        _el(w, "FRBRuri", value=work)
        if self.work_symbol:
            _el(w, "FRBRalias", value=self.work_symbol, name="symbol")
        _el(w, "FRBRdate", date=self.work_date, name="submission")
        _el(w, "FRBRauthor", href=f"#{self.body_id}", as_="#author")
        _el(w, "FRBRcountry", value="un")
        _el(w, "FRBRsubtype", value="deliberation")
        if self.work_symbol:
            _el(w, "FRBRnumber", value=self.work_symbol, showAs=self.work_symbol)
        _el(w, "FRBRname", value=self.meta.doc_kind or "resolution")
        e = _el(ident, "FRBRExpression")
        _el(e, "FRBRthis", value=f"{expression}/!{component}")
        _el(e, "FRBRuri", value=expression)
        if self.symbol:
            _el(e, "FRBRalias", value=self.symbol, name="symbol")
        _el(e, "FRBRdate", date=self.date, name=self.meta.version_kind or "version")
        _el(e, "FRBRauthor", href=f"#{self.body_id}", as_="#author")
        label = self.meta.version_label or self.symbol
        if label:
            _el(e, "FRBRversionNumber", value=label, showAs=label)
        _el(e, "FRBRlanguage", language="eng")
        m = _el(ident, "FRBRManifestation")
        _el(m, "FRBRthis", value=manifestation)
        _el(m, "FRBRuri", value=manifestation)
        _el(m, "FRBRdate", date=self.generated, name="generation")
        _el(m, "FRBRauthor", href="#un", as_="#editor")
        _el(m, "FRBRformat", value="application/akn+xml")

    def org(self, name: str, kind: str = "organization") -> str:
        if name == self.body:
            return self.body_id
        eid = token(name)
        for known, (known_name, _) in self.orgs.items():
            if known_name == name:
                return known
        base, n = eid, 1
        while eid in self.orgs or eid in ("un", self.body_id):
            n += 1
            eid = f"{base}{n}"
        self.orgs[eid] = (name, kind)
        return eid

    # meta --------------------------------------------------------------------------------------
    def meta_element(self, root) -> None:
        meta_el = _el(root, "meta")
        self.identification(meta_el)
        sponsor_ids = [(s, self.org(s.name), self.org(s.on_behalf_of) if s.on_behalf_of else None)
                       for s in self.meta.sponsors]
        actions = [a for a in self.meta.actions if iso_date(a.date)]
        if actions:
            workflow = _el(meta_el, "workflow", source="#un")
            for n, action in enumerate(actions, start=1):
                step = _el(workflow, "step", date=iso_date(action.date), by=f"#{self.org(action.body)}",
                           outcome=f"#{token(action.outcome)}", eId=self.ids.unique(f"step_{n}"))
                if action.meeting:
                    step.set(f"{_T}meeting", str(action.meeting))
                if action.result:
                    step.set(f"{_T}result", action.result)
                if action.vote is not None and action.vote.kind == "without_vote":
                    step.set("refersTo", "#withoutVote")
        # A vote taken is analysed; "without a vote" counted nothing: its step says so (refersTo).
        votes = [(n, a) for n, a in enumerate(actions, start=1) if a.vote is not None and a.vote.kind != "without_vote"]
        if votes:
            analysis = _el(meta_el, "analysis", source="#un")
            parliamentary = _el(analysis, "parliamentary")
            for n, action in votes:
                vote = action.vote
                voting = _el(parliamentary, "voting", eId=self.ids.unique(f"vote_{n}"),
                             outcome=f"#{token(action.outcome)}",
                             refersTo=f"#{_VOTE_KIND_CONCEPT.get(vote.kind, token(vote.kind))}",
                             href=f"#step_{n}")
                counts = {c: getattr(vote, c) for c in VOTE_CHOICES}
                present_and_voting = (counts["in_favour"] or 0) + (counts["against"] or 0)
                if any(v is not None for v in counts.values()):
                    _el(voting, "quorum", eId=self.ids.unique(f"vote_{n}__quorum"), value=present_and_voting,
                        refersTo="#presentAndVoting")
                for choice in VOTE_CHOICES:
                    names = vote.voters.get(choice) or []
                    if counts[choice] is None and not names:
                        continue
                    value = counts[choice] if counts[choice] is not None else len(names)
                    count = _el(voting, "count", eId=self.ids.unique(f"vote_{n}__count_{_CHOICE_CONCEPT[choice]}"),
                                value=value, refersTo=f"#{_CHOICE_CONCEPT[choice]}")
                    for name in names:
                        _el(count, f"{_T}voter", name, refersTo=f"#{self.org(name)}")
                if not len(voting):  # the schema wants a count: a vote whose figures were not recorded
                    _el(voting, "quorum", eId=self.ids.unique(f"vote_{n}__quorum"), value=0, refersTo="#notRecorded")
        references = _el(meta_el, "references", source="#un")
        _el(references, "TLCOrganization", eId="un", href="/ontology/organization/un/unitedNations",
            showAs="United Nations")
        _el(references, "TLCOrganization", eId=self.body_id, href=f"/ontology/organization/un/{self.body_id}",
            showAs=self.body)
        for eid, (name, _kind) in self.orgs.items():
            _el(references, "TLCOrganization", eId=eid, href=f"/ontology/organization/un/{eid}", showAs=name)
        if sponsor_ids:
            _el(references, "TLCRole", eId="mainSponsor", href="/ontology/role/un/mainSponsor", showAs="main sponsor")
            _el(references, "TLCRole", eId="coSponsor", href="/ontology/role/un/coSponsor", showAs="co-sponsor")
        concepts = {token(a.outcome): a.outcome.replace("_", " ") for a in actions}
        if any(a.vote is not None and a.vote.kind == "without_vote" for a in actions):
            concepts["withoutVote"] = "without vote"
        for _, action in votes:
            kind = action.vote.kind
            concepts[_VOTE_KIND_CONCEPT.get(kind, token(kind))] = kind.replace("_", " ")
            concepts["presentAndVoting"] = "present and voting"
            for choice in VOTE_CHOICES:
                concepts[_CHOICE_CONCEPT[choice]] = choice.replace("_", " ")
            if not any(getattr(action.vote, c) is not None or action.vote.voters.get(c) for c in VOTE_CHOICES):
                concepts["notRecorded"] = "figures not recorded"
        for eid, show in concepts.items():
            _el(references, "TLCConcept", eId=eid, href=f"/ontology/concept/un/{eid}", showAs=show)
        self.sponsor_ids = sponsor_ids

    def notes_and_proprietary(self, meta_el, cited: set[str]) -> None:
        uncited = [(i, f) for i, f in enumerate(self.parsed.footnotes, start=1)
                   if f.marker not in cited or self.footnote_index.get(f.marker) != i]
        if uncited:
            notes = _el(meta_el, "notes", source="#un")
            for i, f in uncited:
                note = _el(notes, "note", eId=self.ids.unique(f"note_{i}"), marker=f.marker, placement="bottom")
                _el(note, "p", f.text)
        proprietary = _el(meta_el, "proprietary", source="#un")
        metadata = _el(proprietary, f"{_T}metadata")
        for key, value in (self.parsed.metadata or {}).items():
            if isinstance(value, str):
                _el(metadata, f"{_T}field", value, name=key)
            else:
                _el(metadata, f"{_T}field", json.dumps(value, ensure_ascii=False), name=key, json="true")
        if self.sponsor_ids:
            sponsors = _el(proprietary, f"{_T}sponsors")
            for s, eid, group in self.sponsor_ids:
                _el(sponsors, f"{_T}sponsor", s.name, refersTo=f"#{eid}",
                    role=s.role, onBehalfOf=group and f"#{group}", joined=s.joined_on or None,
                    **{"as": "#mainSponsor" if s.role == "main" else "#coSponsor"})

    # text -------------------------------------------------------------------------------------
    def notes_into(self, p, markers: list[str], owner: str) -> None:
        for marker in markers:
            index = self.footnote_index.get(marker)
            if index is not None and marker not in self.note_eids:
                eid = self.ids.unique(f"{owner}__authorialNote_{index}")
                self.note_eids[marker] = eid
                note = _el(p, "authorialNote", marker=marker, placement="bottom", eId=eid)
                _el(note, "p", self.footnote_text[marker])
            else:
                href = f"#{self.note_eids[marker]}" if marker in self.note_eids else "#"
                _el(p, "noteRef", marker=marker, placement="bottom", href=href,
                    class_=None if marker in self.note_eids else "unresolved")

    def chapeau(self, parent, paragraph: Paragraph, owner: str):
        """<p> with the lead phrase in <i>, then the footnotes the paragraph cites."""
        p = _el(parent, "p")
        text, lead = _clean(paragraph.text), _clean(paragraph.lead)
        at = text.find(lead) if lead else -1
        if lead and at >= 0:
            p.text = text[:at] or None
            i = _el(p, "i", lead)
            i.tail = text[at + len(lead):] or None
        else:
            p.text = text or None
            if lead:
                p.set(f"{_T}lead", lead)
        self.notes_into(p, paragraph.footnotes, owner)
        return p

    def subparagraph_tree(self, subs: list[SubParagraph]) -> list[tuple[SubParagraph, list]]:
        roots: list = []
        stack: list[tuple[int, list]] = []  # (level, children list of that node)
        for sub in subs:
            while stack and stack[-1][0] >= sub.level:
                stack.pop()
            node = (sub, [])
            (stack[-1][1] if stack else roots).append(node)
            stack.append((sub.level, node[1]))
        return roots

    def subparagraphs(self, parent, nodes, owner: str, depth: int = 1) -> None:
        for sub, children in nodes:
            number = _num_token(sub.number) or f"nn{self.ids.next(owner + '/sub')}"
            eid = self.ids.unique(f"{owner}__subpara_{number}")
            element = _el(parent, "subparagraph", eId=eid)
            self._sub_attrs(element, sub, depth)
            wrapper = _el(element, "intro" if children else "content")
            _el(wrapper, "p", sub.text)
            if children:
                self.subparagraphs(element, children, eid, depth + 1)

    @staticmethod
    def _sub_attrs(element, sub: SubParagraph, depth: int) -> None:
        if sub.number:
            shown = sub_number(sub.number)
            _el(element, "num", shown)
            if shown != sub.number:
                element.set(f"{_T}number", sub.number)
        else:
            element.set(f"{_T}number", "")
        if sub.level != depth:
            element.set(f"{_T}level", str(sub.level))

    def operative(self, parent, paragraph: Paragraph, context: str) -> None:
        number = _num_token(paragraph.number or "")
        if not number:
            number = f"nn{self.ids.next(context + '/para')}"
        eid = self.ids.unique(f"{context}__para_{number}" if context else f"para_{number}")
        element = _el(parent, "paragraph", eId=eid)
        self._lineage(element, paragraph)
        if paragraph.number:
            _el(element, "num", f"{paragraph.number}.")
        if paragraph.subparagraphs:
            if paragraph.text or paragraph.footnotes:
                self.chapeau(_el(element, "intro"), paragraph, eid)
            self.subparagraphs(element, self.subparagraph_tree(paragraph.subparagraphs), eid)
        else:
            self.chapeau(_el(element, "content"), paragraph, eid)

    def preambular(self, parent, paragraph: Paragraph, eid_prefix: str, hierarchical: bool) -> None:
        n = self.ids.next(eid_prefix or "pp")
        if hierarchical:
            eid = self.ids.unique(f"{eid_prefix}__hcontainer_pp{n}" if eid_prefix else f"hcontainer_pp{n}")
            element = _el(parent, "hcontainer", name="preambularParagraph", eId=eid)
            body = _el(element, "content")
        else:
            eid = self.ids.unique(f"{eid_prefix}__container_{n}" if eid_prefix else f"container_{n}")
            element = body = _el(parent, "container", name="preambularParagraph", eId=eid)
        self._lineage(element, paragraph)
        if paragraph.number:
            element.set(f"{_T}number", paragraph.number)
        self.chapeau(body, paragraph, eid)
        if paragraph.subparagraphs:
            block = _el(body, "blockList", eId=self.ids.unique(f"{eid}__list_1"))
            for sub in paragraph.subparagraphs:
                item = _el(block, "item", eId=self.ids.unique(f"{eid}__list_1__item_{_num_token(sub.number) or self.ids.next(eid)}"))
                self._sub_attrs(item, sub, 1)
                _el(item, "p", sub.text)

    @staticmethod
    def _lineage(element, paragraph: Paragraph) -> None:
        if paragraph.lineage:
            if re.search(r"\s", paragraph.lineage):
                element.set(f"{_T}lineage", paragraph.lineage)
            else:
                element.set("wId", paragraph.lineage)

    # sections ---------------------------------------------------------------------------------
    def body_tree(self, paragraphs: list[Paragraph]) -> list:
        """Paragraphs and the sections that hold them, as nested lists:
        ("section", Section, children, synthetic) or ("paragraph", Paragraph)."""
        root: list = []
        stack: list[tuple[str, list]] = [("", root)]
        pending = list(self.parsed.sections)

        def open_section(section: Section, synthetic: bool = False) -> None:
            while len(stack) > 1 and not section.path.startswith(stack[-1][0] + PATH_SEPARATOR):
                stack.pop()
            children: list = []
            stack[-1][1].append(("section", section, children, synthetic))
            stack.append((section.path, children))

        for paragraph in paragraphs:
            target = paragraph.section
            if target and any(path == target for path, _ in stack[1:]):
                while stack[-1][0] != target:
                    stack.pop()
            elif target:
                if any(s.path == target for s in pending):
                    while pending:
                        section = pending.pop(0)
                        open_section(section)
                        if section.path == target:
                            break
                else:
                    heading = target.split("›")[-1].strip()
                    open_section(Section(heading=heading, path=target), synthetic=True)
            else:
                del stack[1:]
            stack[-1][1].append(("paragraph", paragraph))
        for section in pending:
            open_section(section)
        return root

    def render_nodes(self, parent, nodes: list, context: str, hierarchical: bool, path: str = "") -> None:
        for node in nodes:
            if node[0] == "paragraph":
                paragraph = node[1]
                if paragraph.kind == OPERATIVE:
                    self.operative(parent, paragraph, context)
                else:
                    self.preambular(parent, paragraph, context, hierarchical)
                continue
            _, section, children, synthetic = node
            article = ARTICLE_RE.match(section.heading or "")
            if article:
                number = _num_token(section.number or article.group(1)) or str(self.ids.next("art"))
                eid = self.ids.unique(f"{context}__art_{number}" if context else f"art_{number}")
                element = _el(parent, "article", eId=eid)
            else:
                name = "option" if re.match(r"\[?\s*Option\b", section.heading or "", re.I) else "section"
                n = self.ids.next(f"{context}/hcontainer")
                eid = self.ids.unique(f"{context}__hcontainer_{n}" if context else f"hcontainer_{n}")
                element = _el(parent, "hcontainer", name=name, eId=eid)
            if section.number:
                _el(element, "num", section.number)
            if section.title:
                _el(element, "heading", section.title)
            element.set(f"{_T}heading", section.heading)
            expected = f"{path}{PATH_SEPARATOR}{section.heading}" if path else section.heading
            if section.path != expected:
                element.set(f"{_T}path", section.path)
            if synthetic:
                element.set(f"{_T}synthetic", "true")
            if children:
                self.render_nodes(element, children, eid, True, section.path)
            else:
                _el(_el(element, "content"), "p")

    # the whole document -------------------------------------------------------------------------
    def write(self) -> str:
        parsed = self.parsed
        root = etree.Element(_A + "akomaNtoso", nsmap=_NSMAP)
        statement = _el(root, "statement", name=self.meta.doc_kind or "resolution", contains="singleVersion")
        self.meta_element(statement)
        meta_el = statement[0]
        self.preface(statement)

        paragraphs = list(parsed.paragraphs)
        lead_in = 0
        while lead_in < len(paragraphs) and paragraphs[lead_in].kind == PREAMBULAR and not paragraphs[lead_in].section:
            lead_in += 1
        if parsed.enacting_formula or lead_in:
            preamble = _el(statement, "preamble")
            if parsed.enacting_formula:
                _el(_el(preamble, "formula", name="enactingFormula"), "p", parsed.enacting_formula)
            for paragraph in paragraphs[:lead_in]:
                self.preambular(preamble, paragraph, "preamble", False)
            agreement = (parsed.metadata or {}).get("agreement_formula")
            if isinstance(agreement, str) and agreement:
                _el(_el(preamble, "formula", name="agreementFormula"), "p", agreement)
        main = _el(statement, "mainBody")
        self.render_nodes(main, self.body_tree(paragraphs[lead_in:]), "", False)
        if not len(main):
            _el(main, "p", class_="empty")
        if parsed.annexes:
            attachments = _el(statement, "attachments")
            for n, annex in enumerate(parsed.annexes, start=1):
                attachment = _el(attachments, "attachment", eId=self.ids.unique(f"att_{n}"))
                doc = _el(attachment, "doc", name="annex")
                self.identification(_el(doc, "meta"), component=f"annex_{n}")
                body = _el(doc, "mainBody")
                for line in annex.split("\n"):
                    _el(body, "p", line)
        self.notes_and_proprietary(meta_el, set(self.note_eids))  # after <references>, as the schema orders
        _indent(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")

    def preface(self, statement) -> None:
        parsed, md = self.parsed, self.parsed.metadata or {}
        preface = etree.Element(_A + "preface")
        masthead = etree.SubElement(preface, _A + "container", name="masthead")
        shown = [
            ("body", "docAuthority"), ("committee", "docCommittee"), ("distribution", "docStatus"),
            ("date", "docDate"), ("original_language", None), ("session", "session"),
            ("agenda_item", None), ("agenda_title", None),
        ]
        if self.symbol:
            _el(_el(masthead, "p", class_="symbol"), "docNumber", self.symbol)
        for key, inline in shown:
            value = md.get(key)
            if not isinstance(value, str) or not value:
                continue
            p = _el(masthead, "p", class_=key)
            if inline == "docDate":
                if iso_date(value):
                    _el(p, "docDate", value, date=iso_date(value))
                else:
                    p.text = _clean(value)
            elif inline == "session":
                _el(p, "session", value, value=value)
            elif inline == "docCommittee":
                _el(p, "docCommittee", value, value=value)
            elif inline:
                _el(p, inline, value)
            else:
                p.text = _clean(value)
        if not len(masthead):
            preface.remove(masthead)
        if parsed.sponsor_line:
            p = _el(preface, "p", class_="sponsorLine")
            m = re.match(r"^(.*?\S)(\s*:\s*)(\S.*)$", _clean(parsed.sponsor_line))
            if m:
                _el(p, "docProponent", m.group(1)).tail = m.group(2)
                _el(p, "docStage", m.group(3))
            else:
                p.text = _clean(parsed.sponsor_line)
        if parsed.recommending_formula:
            _el(_el(preface, "formula", name="recommendingFormula"), "p", parsed.recommending_formula)
        if parsed.title:
            _el(_el(preface, "longTitle"), "p").append(_inline("docTitle", parsed.title))
        if len(preface):
            statement.append(preface)


def _inline(tag: str, text: str):
    element = etree.Element(_A + tag)
    element.text = _clean(text)
    return element


def version_to_akn(parsed: ParsedText, meta: AknMeta | None = None) -> str:
    """The version as an Akoma Ntoso 3.0 document (a UTF-8 XML string, declaration included)."""
    return _Writer(parsed, meta or AknMeta()).write()


# -- reading -----------------------------------------------------------------------------------
def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element, *names: str):
    return [c for c in element if isinstance(c.tag, str) and c.tag.startswith(_A) and (not names or _local(c) in names)]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _text(element) -> str:
    """The words of a block: its text and its inlines', without the notes it carries."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and _local(child) not in ("authorialNote", "noteRef", "eol", "eop"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _norm(text: str) -> str:
    return " ".join(text.split())


_NOTE_INDEX = re.compile(r"(?:authorialNote|note)_(\d+)$")

_SECTION_TAGS = {"article", "hcontainer", "chapter", "part", "section", "division", "title", "book",
                 "tome", "subchapter", "subpart", "subsection", "subdivision", "subtitle", "clause", "level"}


class _Reader:
    def __init__(self, root):
        self.root = root
        self.paragraphs: list[Paragraph] = []
        self.sections: list[Section] = []
        self.footnotes: list[tuple[int, int, Footnote]] = []  # (index or big, order, footnote)

    def footnote(self, note, order_hint: int) -> str:
        marker = note.get("marker") or ""
        m = _NOTE_INDEX.search(note.get("eId") or "")
        index = int(m.group(1)) if m else 10**9
        text = " ".join(_norm(_text(p)) for p in note.iter(_A + "p"))
        self.footnotes.append((index, order_hint, Footnote(marker=marker, text=text)))
        return marker

    def markers(self, block) -> list[str]:
        out = []
        for note in block.iter(_A + "authorialNote", _A + "noteRef"):
            if _local(note) == "authorialNote":
                out.append(self.footnote(note, len(self.footnotes)))
            else:
                out.append(note.get("marker") or "")
        return out

    def paragraph_from(self, kind: str, blocks: list, number: str | None, section: str, element) -> Paragraph:
        """``blocks``: the chapeau <p> elements (their words joined, their notes collected)."""
        text = _norm(" ".join(_text(b) for b in blocks))
        lead = element.get(f"{_T}lead") or ""
        if not lead:
            for b in blocks:
                italic = next(iter(b.iter(_A + "i")), None)
                if italic is not None:
                    lead = _norm(_text(italic))
                    break
        markers = [m for b in blocks for m in self.markers(b)]
        lineage = element.get("wId") or element.get(f"{_T}lineage")
        return Paragraph(kind=kind, text=text, number=number, lead=lead, footnotes=markers,
                         lineage=lineage or None, section=section)

    @staticmethod
    def _sub_number(element) -> str:
        raw = element.get(f"{_T}number")
        if raw is not None:
            return raw
        num = _child(element, "num")
        return _norm(_text(num)) if num is not None else ""

    def subparagraphs(self, element, depth: int, out: list[SubParagraph], paragraph: Paragraph) -> None:
        for sub in _children(element, "subparagraph", "paragraph", "point", "list", "item"):
            blocks = [p for w in _children(sub, "intro", "content") for p in _children(w, "p")]
            blocks += _children(sub, "p")
            level = int(sub.get(f"{_T}level") or depth)
            paragraph.footnotes.extend(m for b in blocks for m in self.markers(b))
            out.append(SubParagraph(number=self._sub_number(sub), text=_norm(" ".join(_text(b) for b in blocks)),
                                    level=level))
            self.subparagraphs(sub, depth + 1, out, paragraph)

    def operative(self, element, section: str) -> None:
        num = _child(element, "num")
        number = _norm(_text(num)) if num is not None else ""
        number = number[:-1] if number.endswith(".") else number
        wrappers = _children(element, "intro", "content")
        blocks = [p for w in wrappers for p in _children(w, "p")]
        paragraph = self.paragraph_from(OPERATIVE, blocks, number or None, section, element)
        self.paragraphs.append(paragraph)
        self.subparagraphs(element, 1, paragraph.subparagraphs, paragraph)

    def preambular(self, element, section: str) -> None:
        body = _child(element, "content") if _local(element) == "hcontainer" else element
        body = body if body is not None else element
        blocks = _children(body, "p")
        paragraph = self.paragraph_from(PREAMBULAR, blocks, element.get(f"{_T}number"), section, element)
        self.paragraphs.append(paragraph)
        for block in _children(body, "blockList"):
            for item in _children(block, "item"):
                ps = _children(item, "p")
                paragraph.footnotes.extend(m for b in ps for m in self.markers(b))
                paragraph.subparagraphs.append(SubParagraph(
                    number=self._sub_number(item), text=_norm(" ".join(_text(b) for b in ps)),
                    level=int(item.get(f"{_T}level") or 1)))

    def body(self, element, path: str) -> None:
        for child in _children(element):
            local = _local(child)
            if local in ("container", "hcontainer") and child.get("name") == "preambularParagraph":
                self.preambular(child, path)
            elif local == "paragraph":
                self.operative(child, path)
            elif local in _SECTION_TAGS:
                num = _child(child, "num")
                heading = _child(child, "heading")
                number = _norm(_text(num)) if num is not None else ""
                title = _norm(_text(heading)) if heading is not None else ""
                printed = child.get(f"{_T}heading")
                if printed is None:
                    printed = " ".join(x for x in (number, f"({title})" if title and number else title) if x)
                    if local == "article" and number and not number.lower().startswith("art"):
                        printed = f"Article {printed}"
                if local == "article" and number.lower().startswith("article "):
                    number = number[len("article "):]
                own = child.get(f"{_T}path") or (f"{path}{PATH_SEPARATOR}{printed}" if path else printed)
                if child.get(f"{_T}synthetic") != "true":
                    self.sections.append(Section(heading=printed, number=number, title=title, path=own))
                self.body(child, own)

    def read(self) -> ParsedText:
        statement = next((c for c in _children(self.root) if _local(c) not in ("components",)), None)
        if statement is None:
            raise AknError("No document inside <akomaNtoso>.")
        meta_el = _child(statement, "meta")
        parsed = ParsedText()
        parsed.metadata = self.metadata(meta_el, statement)
        preface = _child(statement, "preface")
        if preface is not None:
            for child in _children(preface):
                local, name = _local(child), child.get("name") or child.get("class")
                if local == "p" and name == "sponsorLine":
                    parsed.sponsor_line = _norm(_text(child))
                elif local == "formula" and name == "recommendingFormula":
                    parsed.recommending_formula = _norm(" ".join(_text(p) for p in _children(child, "p")))
                elif local == "longTitle":
                    parsed.title = _norm(" ".join(_text(p) for p in _children(child, "p")))
        preamble = _child(statement, "preamble")
        if preamble is not None:
            for child in _children(preamble):
                local, name = _local(child), child.get("name")
                if local == "formula" and name == "enactingFormula":
                    parsed.enacting_formula = _norm(" ".join(_text(p) for p in _children(child, "p")))
                elif local == "container" and name == "preambularParagraph":
                    self.preambular(child, "")
                elif local == "recitals":
                    for recital in _children(child, "recital"):
                        self.preambular(recital, "")
        main = _child(statement, "mainBody")
        if main is None:
            main = _child(statement, "body")
        if main is not None:
            self.body(main, "")
        if meta_el is not None:
            for notes in _children(meta_el, "notes"):
                for note in _children(notes, "note"):
                    self.footnote(note, len(self.footnotes))
        attachments = _child(statement, "attachments")
        if attachments is not None:
            for attachment in _children(attachments, "attachment"):
                for doc in _children(attachment):
                    body = _child(doc, "mainBody")
                    if body is not None:
                        parsed.annexes.append("\n".join(_text(p) for p in _children(body, "p")))
        parsed.paragraphs = self.paragraphs
        parsed.sections = self.sections
        parsed.footnotes = [f for _, _, f in sorted(self.footnotes, key=lambda t: (t[0], t[1]))]
        return parsed

    def metadata(self, meta_el, statement) -> dict:
        if meta_el is not None:
            for proprietary in _children(meta_el, "proprietary"):
                block = proprietary.find(f"{_T}metadata")
                if block is not None:
                    out = {}
                    for f in block.findall(f"{_T}field"):
                        value = f.text or ""
                        out[f.get("name")] = json.loads(value) if f.get("json") == "true" else value
                    return out
        out = {}
        preface = _child(statement, "preface")
        masthead = None
        if preface is not None:
            masthead = next((c for c in _children(preface, "container") if c.get("name") == "masthead"), None)
        if masthead is not None:
            for p in _children(masthead, "p"):
                key = p.get("class")
                if key and key != "symbol":
                    out[key] = _norm(_text(p))
                elif key == "symbol":
                    out["symbol"] = _norm(_text(p))
        return out


def _parse_xml(xml: str | bytes):
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise AknError(f"Not well-formed XML: {error}") from error
    if root.tag != _A + "akomaNtoso":
        raise AknError(f"Not an Akoma Ntoso 3.0 document: the root is <{etree.QName(root).localname}> "
                       f"in namespace {etree.QName(root).namespace or '(none)'}.")
    return root


def akn_to_parsed(xml: str | bytes) -> ParsedText:
    """The structure of an AKN document: what ``parse_text`` gives for the same text."""
    return _Reader(_parse_xml(xml)).read()


def akn_meta(xml: str | bytes) -> AknMeta:
    """What the document's metadata says: symbols, dates, body, sponsors, actions and votes."""
    root = _parse_xml(xml)
    statement = _children(root)[0]
    meta_el = _child(statement, "meta")
    meta = AknMeta(doc_kind=statement.get("name") or "")
    if meta_el is None:
        return meta
    names = {}
    for references in _children(meta_el, "references"):
        for ref in _children(references):
            names[ref.get("eId")] = ref.get("showAs") or ""

    def name_of(ref: str | None) -> str:
        return names.get((ref or "").lstrip("#"), (ref or "").lstrip("#"))

    ident = _child(meta_el, "identification")
    if ident is not None:
        work, expression = _child(ident, "FRBRWork"), _child(ident, "FRBRExpression")
        for part, attr in ((work, "work_symbol"), (expression, "symbol")):
            alias = next((a for a in _children(part, "FRBRalias") if a.get("name") == "symbol"), None) if part is not None else None
            if alias is not None:
                setattr(meta, attr, alias.get("value"))
        if work is not None:
            meta.work_date = (_child(work, "FRBRdate").get("date") or "")[:10]
            author = _child(work, "FRBRauthor")
            meta.body = name_of(author.get("href") if author is not None else None)
            meta.body_short = (author.get("href") or "").lstrip("#") if author is not None else ""
        if expression is not None:
            date_el = _child(expression, "FRBRdate")
            meta.date = (date_el.get("date") or "")[:10]
            meta.version_kind = date_el.get("name") or ""
            version = _child(expression, "FRBRversionNumber")
            meta.version_label = version.get("value") if version is not None else ""
    steps = {}
    for workflow in _children(meta_el, "workflow"):
        for step in _children(workflow, "step"):
            meeting = step.get(f"{_T}meeting")
            action = AknAction(date=step.get("date")[:10], body=name_of(step.get("by")),
                               outcome=name_of(step.get("outcome")).replace(" ", "_"),
                               meeting=int(meeting) if meeting else None, result=step.get(f"{_T}result") or "")
            if step.get("refersTo") == "#withoutVote":
                action.vote = AknVote(kind="without_vote")
            meta.actions.append(action)
            steps[step.get("eId")] = action
    concepts = {v: k for k, v in _VOTE_KIND_CONCEPT.items()}
    choices = {v: k for k, v in _CHOICE_CONCEPT.items()}
    for analysis in _children(meta_el, "analysis"):
        for parliamentary in _children(analysis, "parliamentary"):
            for voting in _children(parliamentary, "voting"):
                vote = AknVote(kind=concepts.get((voting.get("refersTo") or "").lstrip("#"), "recorded"))
                for count in _children(voting, "count"):
                    choice = choices.get((count.get("refersTo") or "").lstrip("#"))
                    if choice is None or vote.kind == "without_vote":
                        continue
                    setattr(vote, choice, int(count.get("value")))
                    voters = [v.text or "" for v in count.findall(f"{_T}voter")]
                    if voters:
                        vote.voters[choice] = voters
                action = steps.get((voting.get("href") or "").lstrip("#"))
                if action is not None:
                    action.vote = vote
    for proprietary in _children(meta_el, "proprietary"):
        block = proprietary.find(f"{_T}sponsors")
        for s in block.findall(f"{_T}sponsor") if block is not None else []:
            meta.sponsors.append(AknSponsor(name=s.text or "", role=s.get("role") or "co",
                                            on_behalf_of=name_of(s.get("onBehalfOf")) if s.get("onBehalfOf") else "",
                                            joined_on=s.get("joined") or ""))
    return meta


@lru_cache(maxsize=1)
def akn_schema() -> etree.XMLSchema:
    """The official AKN 3.0 schema (OASIS Standard, 2018), loaded once from the shipped files."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE), parser))


def akn_validate(xml: str | bytes) -> list[str]:
    """The schema's complaints about the document ("line N: message"); [] when it is valid."""
    schema = akn_schema()
    document = _parse_xml(xml)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
