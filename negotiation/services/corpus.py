"""Demo data from the shared corpus: real UN texts, their revision chains and sponsors.

Idempotent: a draft already loaded (same body, session and symbol, or title when it has no
symbol) is left alone, so running ``load_corpus`` twice changes nothing.
"""
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from negotiation.models import Body, Draft, Facilitation, Proposal, Version
from negotiation.services.common import validated_save
from negotiation.services.sponsorship import sponsor_add
from negotiation.services.versions import draft_create, version_create
from negotiation.text.parse import parse_text
from negotiation.text.reports import L_DOCUMENT, base_symbol, parse_actions
from negotiation.text.split_report import split_report
from negotiation.text.structure import ParsedText


@dataclass
class Step:
    """One version in a draft's life as the corpus records it."""

    label: str
    kind: str
    date: datetime.date | None = None
    parsed: ParsedText | None = None  # None: the version is known, its text is not in the corpus


@dataclass
class Plan:
    body: str
    session: int
    symbol: str
    title: str
    kind: str = Draft.Kind.RESOLUTION
    status: str = Draft.Status.NEGOTIATING
    agenda_item: str = ""
    steps: list[Step] = field(default_factory=list)
    sponsors: list[dict] = field(default_factory=list)  # {"name": ..., "on_behalf_of": ...}
    sponsors_date: datetime.date | None = None


def corpus_file(directory: Path, prefix: str) -> str:
    return next(Path(directory).glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def plans_from_corpus(directory: Path) -> list[Plan]:
    """What the four corpus documents tell us, as plans to store."""
    plans = []
    t001 = parse_text(corpus_file(directory, "001"))
    plans.append(Plan(
        body="CCPCJ", session=21, symbol="", title=t001.title, agenda_item="5 (a)",
        steps=[Step("Italy: revised draft resolution of 26 April 2012", Version.Kind.INFORMAL, datetime.date(2012, 4, 26), t001)],
        sponsors=[{"name": "Italy", "on_behalf_of": None}], sponsors_date=datetime.date(2012, 4, 26),
    ))
    t002 = parse_text(corpus_file(directory, "002"))
    # The corpus copy carries no symbol; DOMAIN.md names it A/C.3/66/L.16. It became GA resolution 66/181.
    plans.append(Plan(
        body="GA/C.3", session=66, symbol="A/C.3/66/L.16", title=t002.title, agenda_item="107",
        steps=[Step("L.16", Version.Kind.ISSUED, datetime.date(2011, 10, 6), t002)],
        sponsors=[{"name": "Italy", "on_behalf_of": None}, {"name": "Mexico", "on_behalf_of": None}],
        sponsors_date=datetime.date(2011, 10, 6),
    ))
    t003 = parse_text(corpus_file(directory, "003"))
    plans.append(Plan(
        body="COP-UNTOC", session=5, symbol="", title=t003.title, status=Draft.Status.ADOPTED,
        steps=[Step("resolution 5/1", Version.Kind.FINAL, None, t003)],
    ))
    plans.extend(_plans_from_report(corpus_file(directory, "004")))
    paris = _paris_plan(Path(directory) / "paris2015")
    if paris:
        plans.append(paris)
    return plans


# The Paris Agreement as it was negotiated (corpus paris2015/README.md): informal texts of the
# Ad Hoc Working Group on the Durban Platform and the COP Presidency, then the adopted text.
PARIS_STEPS = [
    ("10-23", "Draft agreement, edited version of 6 November (text of 23 October)", Version.Kind.INFORMAL, datetime.date(2015, 11, 6)),
    ("12-04", "ADP draft agreement of 4 December", Version.Kind.INFORMAL, datetime.date(2015, 12, 4)),
    ("12-09", "President's draft of 9 December", Version.Kind.INFORMAL, datetime.date(2015, 12, 9)),
    ("12-12", "decision 1/CP.21", Version.Kind.FINAL, datetime.date(2015, 12, 12)),
]


def _paris_plan(directory: Path) -> Plan | None:
    if not directory.is_dir():
        return None
    steps = [
        Step(label, kind, date, parse_text((directory / f"paris-agreement-2015-{day}.md").read_text(encoding="utf-8")))
        for day, label, kind, date in PARIS_STEPS
    ]
    return Plan(body="COP-UNFCCC", session=21, symbol="", title="Paris Agreement", kind=Draft.Kind.DECISION,
                status=Draft.Status.ADOPTED, steps=steps)




def _plans_from_report(report: str) -> list[Plan]:
    """Chapter I texts of the CCPCJ report, joined to the actions that adopted them."""
    texts = split_report(report)
    actions = {a["text_at"]: a for a in parse_actions(report, year=2011).actions if a.get("text_at")}
    plans = []
    for text in texts:
        where = f"chap. I, sect. {text.section}, {text.heading[0].lower() + text.heading[1:]}"
        action = actions.get(where)
        document = (action or {}).get("document") or ""
        symbol = document if L_DOCUMENT.match(document) else ""
        base = base_symbol(symbol) or ""
        short = base.rsplit("/", 1)[-1]
        steps = []
        meeting_date = _date((action or {}).get("date"))
        if base:
            steps.append(Step(short, Version.Kind.ISSUED))
            rev = symbol[len(base):]
            if rev:
                steps.append(Step(short + rev, Version.Kind.ISSUED))
            note = (action or {}).get("revision_note")
            if note:
                steps.append(Step(f"{short}{rev}, {note}", Version.Kind.ORAL, meeting_date))
        adopted = text.heading.lower().startswith(("resolution", "decision"))
        if adopted:
            steps.append(Step(text.heading[0].lower() + text.heading[1:], Version.Kind.FINAL, meeting_date))
        elif not steps:
            continue  # a recommended text with no readable action: nothing citable to hang it on
        # The text the body acted on is the text it adopted: both versions hold it.
        steps[-1].parsed = text.parsed
        if adopted and len(steps) > 1:
            steps[-2].parsed = text.parsed
        plans.append(Plan(
            body="CCPCJ", session=20, symbol=base, title=text.title, kind=text.kind,
            status=Draft.Status.ADOPTED if adopted else Draft.Status.RECOMMENDED,
            steps=steps, sponsors=(action or {}).get("sponsors") or [], sponsors_date=meeting_date,
        ))
    return plans


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def corpus_actions_store(directory: Path, bodies: dict[str, Body], user=None):
    """The 2011 record of corpus 004: every action, vote and statement of its "Action taken"
    sections, stored through ``actions_import`` on the drafts ``plan_store`` made. Actions
    already recorded are left alone, so loading twice changes nothing."""
    from negotiation.services.actions import actions_import

    return actions_import(report_text=corpus_file(directory, "004"), body=bodies["CCPCJ"], session=20,
                          year=2011, create_missing=False, user=user)


@transaction.atomic
def plan_store(plan: Plan, bodies: dict[str, Body], user=None) -> Draft | None:
    """Store one plan unless its draft is already there; returns the new draft or None."""
    body = bodies[plan.body]
    existing = Draft.objects.filter(body=body, session=plan.session)
    if existing.filter(symbol=plan.symbol, **({} if plan.symbol else {"title": plan.title})).exists():
        return None
    draft = draft_create(body=body, session=plan.session, symbol=plan.symbol, title=plan.title,
                         agenda_item=plan.agenda_item, kind=plan.kind, user=user)
    if draft.status != plan.status:
        draft.status = plan.status
        draft._change_reason = "Status from the corpus"
        draft.save()
    first = None
    for step in plan.steps:
        version = version_create(draft=draft, label=step.label, kind=step.kind, parsed=step.parsed or ParsedText(),
                                 is_issued=True, date=step.date, user=user, allow_empty=step.parsed is None)
        first = first or version
    for sponsor in plan.sponsors:
        sponsor_add(draft=draft, delegation=sponsor["name"], role="main", version=first,
                    on_behalf_of=sponsor.get("on_behalf_of"), joined_on=plan.sponsors_date or first.date or datetime.date.today(),
                    user=user)
    return draft


# --- the demo negotiation ------------------------------------------------------------------
# An illustrative negotiation on a corpus draft, made up to show proposals, stances, statuses,
# brackets and an incorporated revision at work. It is NOT the record: every proposal's reason
# and every status note starts with DEMO_TAG, the facilitator's text is labelled "(demo)", and
# the draft page says so. Only ``load_corpus --demo-users`` builds it (it needs the demo users).
DEMO_TAG = "[demo]"
DEMO_SYMBOL = "A/C.3/66/L.16"  # under negotiation, one issued version, Italy and Mexico main sponsors
DEMO_VERSION_LABEL = "Facilitator's revised text (demo)"
DEMO_GROUP = "Group of 77 and China"


@dataclass
class DemoProposal:
    username: str  # the demo delegate who proposes (delegate: Italy, delegate-mx: Mexico, delegate-ar: Argentina)
    label: str  # the paragraph, as negotiators cite it
    kind: str
    reason: str
    replace: tuple[str, str] | None = None  # amend: these words of the paragraph become those
    text: str = ""  # insert / alternative: the wording
    on_behalf_of: str | None = None
    stances: dict[str, str] = field(default_factory=dict)  # username -> "support" / "object"
    accept: bool = False  # the facilitator agrees it, to be incorporated


DEMO_PROPOSALS = [
    DemoProposal("delegate", "OP11", Proposal.Kind.AMEND,
                 "Coordination with Member States is the point of the paragraph; say it plainly.",
                 replace=("in a coordinated manner with relevant Member States", "in close coordination with relevant Member States"),
                 stances={"delegate-mx": "support", "delegate-ar": "support"}, accept=True),
    DemoProposal("delegate-mx", "OP18", Proposal.Kind.AMEND,
                 "Data disaggregated by sex and age, in line with resolution 65/228.",
                 replace=("comparable data and information", "comparable data and information, disaggregated by sex and age where possible,"),
                 stances={"delegate": "support", "delegate-ar": "support"}, accept=True),
    DemoProposal("delegate-ar", "OP26", Proposal.Kind.AMEND,
                 "The Group asks for predictable funding; both wordings stay in brackets until one is agreed.",
                 replace=("with adequate resources", "with [adequate][sufficient, stable and predictable] resources"),
                 on_behalf_of=DEMO_GROUP, stances={"delegate": "object", "delegate-mx": "support"}, accept=True),
    DemoProposal("delegate-ar", "OP32", Proposal.Kind.INSERT,
                 "Technical assistance to developing countries needs voluntary funding too.",
                 text="Urges Member States and other donors to provide voluntary contributions to the United Nations Office on "
                      "Drugs and Crime for technical assistance to developing countries, in accordance with its rules and procedures;",
                 on_behalf_of=DEMO_GROUP, stances={"delegate-mx": "support", "delegate": "object"}),
    DemoProposal("delegate-mx", "OP5", Proposal.Kind.ALTERNATIVE,
                 "An alternative that keeps the review mechanism but leaves its form to the Conference of the Parties.",
                 text="Urges States parties to the Convention to support the establishment, as decided by the Conference of the "
                      "Parties, of a mechanism for the review of the implementation of the Convention and the Protocols thereto;",
                 stances={"delegate": "support"}),
    DemoProposal("delegate", "PP24", Proposal.Kind.DELETE,
                 "The financial situation is covered by OP32; the paragraph repeats it.",
                 stances={"delegate-ar": "object"}),
]
# Statuses the facilitator sets: on the issued text (carried into the revision), then on the revision.
DEMO_STATUSES_ISSUED = [("OP1", "agreed", "Agreed at the first reading."), ("OP2", "agreed", "Agreed at the first reading."),
                        ("OP3", "ad_ref", "Agreed ad referendum: the number of States parties to be checked.")]
DEMO_STATUSES_REVISED = [("OP26", "bracketed", "Alternatives of the Group of 77 and China and of the sponsors.")]


@transaction.atomic
def demo_negotiation_store(*, users: dict) -> Draft | None:
    """Build the demo negotiation on DEMO_SYMBOL through the services, as the demo users
    (``users``: username -> User: secretariat, facilitator, delegate, delegate-mx,
    delegate-ar). Leaves alone a draft that is not exactly as the corpus loaded it (one
    version, no proposal, no facilitator), so running it twice changes nothing."""
    from negotiation.selectors import version_paragraphs
    from negotiation.services.editing import version_share
    from negotiation.services.negotiating import (
        facilitator_assign,
        paragraph_status_set,
        proposal_accept,
        proposal_create,
        proposal_respond,
        proposals_incorporate,
    )

    draft = Draft.objects.filter(symbol=DEMO_SYMBOL).first()
    if draft is None or Proposal.objects.filter(draft=draft).exists() or Facilitation.objects.filter(draft=draft).exists():
        return None
    versions = list(draft.versions.order_by("sequence"))
    if len(versions) != 1:
        return None
    issued = versions[0]
    by_label = {p.label: p for p in version_paragraphs(issued) if p.kind in ("preambular", "operative")}
    wanted = {d.label for d in DEMO_PROPOSALS} | {label for label, _, _ in DEMO_STATUSES_ISSUED + DEMO_STATUSES_REVISED}
    if not wanted <= set(by_label) or any(d.replace and d.replace[0] not in by_label[d.label].text for d in DEMO_PROPOSALS):
        return None  # the corpus text is not the one this demo was written for
    facilitator = users["facilitator"]
    facilitator_assign(draft=draft, user_to_assign=facilitator, user=users["secretariat"])

    accepted = []
    for demo in DEMO_PROPOSALS:
        row = by_label[demo.label]
        text = row.text.replace(*demo.replace, 1) if demo.replace else demo.text
        proposal = proposal_create(version=issued, lineage=row.lineage, kind=demo.kind, user=users[demo.username], text=text,
                                   reason=f"{DEMO_TAG} {demo.reason}", on_behalf_of=demo.on_behalf_of)
        for username, stance in demo.stances.items():
            proposal_respond(proposal=proposal, stance=stance, user=users[username])
        if demo.accept:
            accepted.append(proposal)
    for label, status, note in DEMO_STATUSES_ISSUED:
        paragraph_status_set(version=issued, lineage=by_label[label].lineage, status=status, user=facilitator, note=f"{DEMO_TAG} {note}")
    for proposal in accepted:
        proposal_accept(proposal=proposal, user=facilitator)

    result, _, _ = proposals_incorporate(version=issued, user=facilitator)
    revised = Version.objects.get(pk=result.version.pk)
    revised.label = DEMO_VERSION_LABEL
    validated_save(revised, reason="Demo negotiation: the facilitator's revised text", user=facilitator)
    revised = version_share(version=revised, user=facilitator)
    lineages = {str(row.lineage): row for row in version_paragraphs(revised)}
    for label, status, note in DEMO_STATUSES_REVISED:
        lineage = by_label[label].lineage
        if str(lineage) in lineages:
            paragraph_status_set(version=revised, lineage=lineage, status=status, user=facilitator, note=f"{DEMO_TAG} {note}")
    return draft
