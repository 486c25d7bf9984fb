"""The demo negotiation: `load_corpus --demo-users` builds an illustrative negotiation on
A/C.3/66/L.16 through the services, labelled [demo] throughout; a second run changes nothing."""
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from negotiation import roles
from negotiation.models import Draft, Facilitation, ParagraphStatus, Proposal, Stance
from negotiation.selectors import version_paragraphs
from negotiation.services.corpus import DEMO_SYMBOL, DEMO_VERSION_LABEL
from tests.conftest import CORPUS


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("negotiation").get_models()} | {
        "users": get_user_model().objects.count()}


@pytest.fixture
def demo(db):
    call_command("load_corpus", "--demo-users", corpus_dir=str(CORPUS))
    return Draft.objects.get(symbol=DEMO_SYMBOL)


def test_demo_negotiation_is_built_through_the_services_and_labelled_demo(demo):
    issued, revised = demo.versions.order_by("sequence")
    assert issued.label == "L.16" and issued.is_issued
    # The incorporated revision: a working text every delegation may read, labelled as demo.
    assert revised.label == DEMO_VERSION_LABEL and "(demo)" in revised.label
    assert not revised.is_issued and revised.is_shared and revised.parent_id == issued.pk
    proposals = list(Proposal.objects.filter(draft=demo).select_related("delegation", "on_behalf_of"))
    assert len(proposals) >= 5
    assert all(p.reason.startswith("[demo] ") for p in proposals)
    assert {p.delegation.short_name for p in proposals} == {"Italy", "Mexico", "Argentina"}
    assert {p.on_behalf_of.short_name for p in proposals if p.on_behalf_of} == {"Group of 77 and China"}
    assert {p.kind for p in proposals} >= {"amend", "insert", "alternative", "delete"}
    assert sorted(p.status for p in proposals) == ["incorporated"] * 3 + ["open"] * 3
    # Incorporated proposals name the revision; the open ones were rebased onto it.
    assert {p.version_id for p in proposals} == {revised.pk}
    stances = set(Stance.objects.filter(proposal__draft=demo).values_list("kind", flat=True))
    assert stances == {"support", "object"}
    assert all(n.startswith("[demo] ") for n in ParagraphStatus.objects.filter(version__draft=demo).values_list("note", flat=True))


def test_demo_revision_has_agreed_ad_ref_and_bracketed_paragraphs(demo):
    revised = demo.versions.get(label=DEMO_VERSION_LABEL)
    rows = {p.label: p for p in version_paragraphs(revised) if p.kind in ("preambular", "operative")}
    statuses = dict(ParagraphStatus.objects.filter(version=revised).values_list("lineage", "status"))
    by_label = {label: statuses.get(row.lineage) for label, row in rows.items() if row.lineage in statuses}
    assert by_label == {"OP1": "agreed", "OP2": "agreed", "OP3": "ad_ref", "OP26": "bracketed"}
    assert "[adequate][sufficient, stable and predictable]" in rows["OP26"].text
    assert "in close coordination with relevant Member States" in rows["OP11"].text
    assert "disaggregated by sex and age" in rows["OP18"].text
    issued = demo.versions.get(label="L.16")
    assert "[" not in "".join(issued.paragraphs.values_list("text", flat=True))  # the issued text is untouched


def test_demo_facilitator_is_a_reviewer_who_facilitates_only_that_draft(demo):
    User = get_user_model()
    facilitator = User.objects.get(username="facilitator")
    assert roles.has_role(facilitator, roles.REVIEWER) and roles.delegation_of(facilitator) is None
    assert list(Facilitation.objects.filter(user=facilitator).values_list("draft_id", flat=True)) == [demo.pk]
    assert roles.can_facilitate(facilitator, demo)
    assert roles.delegation_of(User.objects.get(username="delegate-ar")).short_name == "Argentina"


def test_second_run_changes_nothing(demo):
    first = _counts()
    call_command("load_corpus", "--demo-users", corpus_dir=str(CORPUS))
    assert _counts() == first
    assert first["negotiation.Proposal"] == 6 and first["negotiation.Facilitation"] == 1


def test_without_demo_users_there_is_no_demo_negotiation(db):
    call_command("load_corpus", corpus_dir=str(CORPUS))
    draft = Draft.objects.get(symbol=DEMO_SYMBOL)
    assert draft.versions.count() == 1
    assert not Proposal.objects.exists() and not Facilitation.objects.exists() and not ParagraphStatus.objects.exists()


def test_demo_draft_page_says_it_is_demo_data(client, demo):
    client.force_login(get_user_model().objects.get(username="reviewer"))
    html = client.get(reverse("draft_detail", args=[demo.pk])).content.decode()
    assert "Demo data." in html and "not the record" in html
    assert DEMO_VERSION_LABEL.replace("'", "&#x27;") in html
    assert 'id="convergence"' in html  # two versions with text: L.16 and the revision
    # A corpus draft without the demo carries no such notice.
    other = Draft.objects.get(symbol="E/CN.15/2011/L.13")
    assert "Demo data." not in client.get(reverse("draft_detail", args=[other.pk])).content.decode()
