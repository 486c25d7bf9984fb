"""Demo data: the corpus loads with its revision chains and sponsors; loading twice changes nothing."""
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from negotiation import roles
from negotiation.models import Draft
from negotiation.selectors import sponsors_as_of, sponsorship_display
from negotiation.text.names import join_names
from tests.conftest import CORPUS


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("negotiation").get_models()} | {
        "users": get_user_model().objects.count()}


def test_load_corpus_twice_changes_nothing(db):
    call_command("load_corpus", "--demo-users", corpus_dir=str(CORPUS))
    first = _counts()
    call_command("load_corpus", "--demo-users", corpus_dir=str(CORPUS))
    assert _counts() == first
    assert first["negotiation.Draft"] == 22  # 21 from the resolution corpus, the Paris Agreement
    assert first["negotiation.Delegation"] >= 204


def test_corpus_revision_chain_of_l13_and_its_sponsors(db):
    call_command("load_corpus", corpus_dir=str(CORPUS))
    draft = Draft.objects.get(symbol="E/CN.15/2011/L.13")
    labels = [v.label for v in draft.versions.order_by("sequence")]
    assert labels == ["L.13", "L.13/Rev.1", "L.13/Rev.1, as further revised", "resolution 20/3"]
    further = draft.versions.get(label="L.13/Rev.1, as further revised")
    assert further.full_label == "E/CN.15/2011/L.13/Rev.1, as further revised"
    assert further.paragraphs.count() == draft.versions.get(label="resolution 20/3").paragraphs.count() > 0
    sponsors = sponsors_as_of(further)["main"]
    assert len(sponsors) == 21
    text = join_names([sponsorship_display(e) for e in sponsors])
    assert text.startswith("Belarus, Bolivia (Plurinational State of), Ecuador")
    assert "Norway, the Philippines, Qatar, the Republic of Korea, the Russian Federation" in text
    assert text.endswith("Ukraine and Venezuela (Bolivarian Republic of)")
    assert draft.status == "adopted"


def test_group_sponsors_keep_on_behalf_of(db):
    call_command("load_corpus", corpus_dir=str(CORPUS))
    draft = Draft.objects.get(symbol="E/CN.15/2011/L.9")
    displays = [sponsorship_display(e) for e in sponsors_as_of(draft.versions.last())["main"]]
    assert displays == ["Colombia (on behalf of the Group of Latin American and Caribbean States)",
                        "Indonesia (on behalf of the Group of 77 and China)", "Sweden", "the United States"]


def test_demo_users_have_one_role_each(db):
    call_command("load_corpus", "--demo-users", corpus_dir=str(CORPUS))
    User = get_user_model()
    assert roles.is_secretariat(User.objects.get(username="secretariat"))
    assert roles.delegation_of(User.objects.get(username="delegate")).short_name == "Italy"
    assert roles.has_role(User.objects.get(username="reviewer"), roles.REVIEWER)
    assert not User.objects.get(username="reviewer").is_staff


def test_paris_agreement_is_a_demo_chain_of_four_versions_whose_articles_keep_their_lineage(db):
    """The real negotiation of paris2015/ is loaded as one draft; lineage carried through the
    aligner pairs the technology paragraphs of 9 December (Article 7) with Article 10 of the
    adopted text."""
    call_command("load_corpus", corpus_dir=str(CORPUS))
    draft = Draft.objects.get(title="Paris Agreement")
    versions = list(draft.versions.order_by("sequence"))
    assert [v.kind for v in versions] == ["informal", "informal", "informal", "final"]
    assert versions[-1].label == "decision 1/CP.21"
    ninth = {p.lineage: p.section for p in versions[2].paragraphs.all()}
    final = {p.lineage: p.section for p in versions[3].paragraphs.all()}
    technology = [lineage for lineage, section in ninth.items() if section.startswith("Article 7 (")]
    successors = {final[lineage] for lineage in technology if lineage in final}
    assert successors == {"Article 10"}
