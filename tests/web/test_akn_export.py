"""A stored version as Akoma Ntoso: the download link, its visibility, and the two commands."""
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from negotiation.data import corpus_dir
from negotiation.text.akn import AKN_NS, akn_meta, akn_to_parsed, akn_validate, version_to_akn
from negotiation.text.parse import parse_text
from tests.conftest import make_parsed

NS = {"a": AKN_NS}
CORPUS = corpus_dir()


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def voted_l13(draft_l13, secretariat_user):
    """L.13 with a co-sponsor on behalf of a group and a recorded vote on it."""
    from negotiation.services.actions import action_record
    from negotiation.services.sponsorship import sponsor_add

    sponsor_add(draft=draft_l13, delegation="Colombia", role="co",
                on_behalf_of="Group of Latin American and Caribbean States", user=secretariat_user)
    action_record(version=draft_l13.versions.get(label="L.13"), meeting_number=9, date=datetime.date(2011, 4, 15),
                  outcome="adopted", result="resolution 20/3",
                  vote={"kind": "recorded", "in_favour": 2, "against": 1, "abstaining": 0,
                        "lists": {"in_favour": ["Chile", "Peru"], "against": ["Cuba"]}},
                  user=secretariat_user)
    return draft_l13


@pytest.fixture
def working_l13(draft_l13, secretariat_user):
    """An unshared working version of L.13: private to Italy's delegates and the secretariat."""
    from negotiation.services.versions import version_create

    return version_create(draft=draft_l13, label="Italy's working text", kind="informal",
                          parsed=make_parsed(["Recalling it,"], ["Decides to act."]), is_issued=False,
                          user=secretariat_user)


def _url(version):
    return reverse("version_akn", args=[version.draft_id, version.pk])


def test_download_gives_valid_akn_with_sponsors_and_the_vote(client, reviewer_user, voted_l13):
    version = voted_l13.versions.get(label="L.13")
    client.force_login(reviewer_user)
    response = client.get(_url(version))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/akn+xml")
    assert 'filename="E-CN.15-2011-L.13.akn.xml"' in response["Content-Disposition"]
    xml = response.content.decode("utf-8")
    assert akn_validate(xml) == []
    root = etree.fromstring(response.content)
    expression = root.find(".//a:FRBRExpression", NS)
    assert expression.find("a:FRBRalias", NS).get("value") == "E/CN.15/2011/L.13"
    assert expression.find("a:FRBRversionNumber", NS).get("value") == "L.13"
    assert expression.find("a:FRBRdate", NS).get("date") == "2011-04-11"
    orgs = {o.get("showAs") for o in root.findall(".//a:references/a:TLCOrganization", NS)}
    assert {"Italy", "Colombia", "Group of Latin American and Caribbean States",
            "Commission on Crime Prevention and Criminal Justice"} <= orgs
    counts = {c.get("refersTo"): c.get("value") for c in root.findall(".//a:parliamentary/a:voting/a:count", NS)}
    assert counts == {"#inFavour": "2", "#against": "1", "#abstaining": "0"}
    meta = akn_meta(xml)
    assert [(s.name, s.role) for s in meta.sponsors] == [("Italy", "main"), ("Colombia", "co")]
    assert meta.actions[0].outcome == "adopted" and meta.actions[0].result == "resolution 20/3"
    assert meta.actions[0].vote.voters == {"in_favour": ["Chile", "Peru"], "against": ["Cuba"]}
    parsed = akn_to_parsed(xml)
    assert [p.text for p in parsed.paragraphs][:2] == ["Recalling its resolution 19/1,", "Noting with concern the rise of crime,"]
    assert [p.number for p in parsed.paragraphs if p.kind == "operative"] == ["1", "2", "3"]
    # Lineage travels as the work-level id: the same paragraph in every version.
    assert all(p.lineage for p in parsed.paragraphs)


def test_download_is_get_only(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    assert client.post(_url(draft_l13.versions.get())).status_code == 405


def test_unshared_working_version_is_hidden_like_on_the_draft_page(client, reviewer_user, delegate_user,
                                                                  other_delegate_user, working_l13):
    client.force_login(reviewer_user)
    assert client.get(_url(working_l13)).status_code == 404
    client.force_login(other_delegate_user)
    assert client.get(_url(working_l13)).status_code == 404
    client.force_login(delegate_user)  # Italy sponsors L.13
    assert client.get(_url(working_l13)).status_code == 200


def test_version_of_another_draft_or_unknown_is_404(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    version = draft_l13.versions.get()
    assert client.get(reverse("version_akn", args=[draft_l13.pk + 1, version.pk])).status_code == 404
    assert client.get(reverse("version_akn", args=[draft_l13.pk, version.pk + 100])).status_code == 404


def test_export_reads_in_a_fixed_number_of_queries(client, reviewer_user, voted_l13, django_assert_max_num_queries):
    version = voted_l13.versions.get(label="L.13")
    client.force_login(reviewer_user)
    with django_assert_max_num_queries(14):
        assert client.get(_url(version)).status_code == 200


def test_export_akn_command_prints_the_version(voted_l13):
    version = voted_l13.versions.get(label="L.13")
    out = run("export_akn", str(version.pk), "--validate")
    assert out.startswith("<?xml")
    assert akn_validate(out) == []
    assert akn_meta(out).actions[0].vote.in_favour == 2


def test_export_akn_command_refuses_an_unknown_version(db):
    with pytest.raises(CommandError, match="No version with id 999"):
        run("export_akn", "999")


def test_import_akn_json_is_the_parse_text_json_of_the_same_text(tmp_path):
    source = next(CORPUS.glob("002_*.txt"))
    path = tmp_path / "l16.xml"
    path.write_text(version_to_akn(parse_text(source.read_text(encoding="utf-8"))), encoding="utf-8")
    imported = json.loads(run("import_akn", str(path), "--json"))
    parsed = json.loads(run("parse_text", str(source), "--json"))
    for data in (imported, parsed):
        data.pop("removed")
        data.pop("notices")
    assert imported == parsed
    assert "24 preambular paragraphs, 34 operative paragraphs, 12 footnotes" in run("import_akn", str(path))


def test_import_akn_paris_keeps_articles(tmp_path):
    source = CORPUS / "paris2015" / "paris-agreement-2015-12-12.md"
    path = tmp_path / "paris.xml"
    path.write_text(version_to_akn(parse_text(source.read_text(encoding="utf-8"))), encoding="utf-8")
    data = json.loads(run("import_akn", str(path), "--json"))
    assert any(p["label"].startswith("Art. 4.") for p in data["paragraphs"])
    assert [s["heading"] for s in data["sections"]][:2] == [
        s.heading for s in parse_text(source.read_text(encoding="utf-8")).sections][:2]


def test_import_akn_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<html/>", encoding="utf-8")
    with pytest.raises(CommandError, match="bad.xml: Not an Akoma Ntoso"):
        run("import_akn", str(bad), "--json")
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_akn", str(tmp_path / "missing.xml"))
