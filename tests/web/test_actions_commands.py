"""import_actions and report_actions: the JSON contract, storing, and the section in meeting order."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from negotiation.management.commands.import_actions import CONTRACT_KEYS, contract
from negotiation.models import Action, Draft
from negotiation.text.reports import parse_actions
from tests.conftest import CORPUS, corpus_text
from tests.text.test_report import (
    ACTION_PARAGRAPHS_2011,
    THIRD_COMMITTEE,
    corpus_paragraph,
)

REPORT = next(CORPUS.glob("004_*.txt"))


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_prints_exactly_the_parse_actions_contract(db):
    out, err = _run("import_actions", str(REPORT), "--json")
    printed = json.loads(out)
    assert err == "" and printed["errors"] == []
    expected = parse_actions(REPORT.read_text(encoding="utf-8")).actions
    assert [a["paragraph"] for a in printed["actions"]] == ACTION_PARAGRAPHS_2011
    for got, want in zip(printed["actions"], expected):
        assert list(got) == list(CONTRACT_KEYS)
        assert got == contract(want)
        assert [s["text"] for s in got["statements"]] == [s["text"] for s in want["statements"]]
    p61 = printed["actions"][4]
    assert (p61["meeting"], p61["date"], p61["document"], p61["revision_note"]) == (9, "2011-04-15", "E/CN.15/2011/L.13/Rev.1", "as further revised")
    assert {"name": "Philippines", "on_behalf_of": None} in p61["sponsors"]
    assert {"name": "Hungary", "on_behalf_of": "European Union"} in printed["actions"][5]["sponsors"]
    assert printed["actions"][6]["statements"] == [{
        "timing": "after", "timing_of": "action", "kind": None, "role": "representative",
        "roles": {"China": "representative"}, "delegations": ["China"], "on_behalf_of": {},
        "text": expected[6]["statements"][0]["text"], "lead": "Following adoption", "paragraph": 63}]
    assert not Action.objects.exists()  # --json stores nothing


def test_json_names_an_unreadable_paragraph_and_prints_the_rest(tmp_path, db):
    broken = tmp_path / "report.txt"
    broken.write_text(corpus_text("004").replace(
        "63. At the same meeting, the Commission adopted a revised draft resolution",
        "63. At the same meeting, the Commission noted with appreciation a revised draft resolution"), encoding="utf-8")
    out, err = _run("import_actions", str(broken), "--json")
    assert "Paragraph 63 not imported: outcome not recognised" in err
    printed = json.loads(out)
    assert len(printed["actions"]) == len(ACTION_PARAGRAPHS_2011) - 1
    assert printed["errors"][0]["paragraph"] == 63


def test_storing_a_committee_report_creates_drafts_votes_and_reports_unknown_names(tmp_path, reference):
    report = tmp_path / "a-78-481.txt"
    report.write_text(THIRD_COMMITTEE.replace("Abstaining:\nBrazil", "Abstaining:\nAtlantis"), encoding="utf-8")
    out, err = _run("import_actions", str(report), "--session", "GA/C.3/78")
    assert "Paragraph 12 not imported: Unknown delegation “Atlantis”" in err
    assert "2 actions recorded, 0 already recorded, 1 paragraphs not imported." in out
    assert Draft.objects.filter(body__short_name="GA/C.3", session=78).count() == 2
    out, _ = _run("import_actions", str(report), "--session", "GA/C.3/78")
    assert "0 actions recorded, 2 already recorded" in out


def test_storing_needs_a_session(tmp_path, reference):
    with pytest.raises(CommandError, match="--session BODY/SESSION"):
        _run("import_actions", str(REPORT))
    with pytest.raises(CommandError, match="No body"):
        _run("import_actions", str(REPORT), "--session", "XYZ/20")
    with pytest.raises(CommandError, match="Cannot read"):
        _run("import_actions", str(tmp_path / "missing.txt"), "--json")


def test_report_actions_prints_the_section_word_for_word_in_meeting_order(db):
    call_command("load_corpus", corpus_dir=str(CORPUS), stdout=StringIO())
    out, _ = _run("report_actions", "--session", "CCPCJ/20", "--numbered")
    paragraphs = out.strip().split("\n\n")
    report = corpus_text("004")
    numbers = [int(p.split(".", 1)[0]) for p in paragraphs]
    assert numbers == [21, 22, 23, 61, 76, 24, 62, 63, 64, 77, 78, 79, 80, 81, 82, 94, 108, 109]
    for number, paragraph in zip(numbers, paragraphs):
        assert paragraph == f"{number}. {corpus_paragraph(report, number)}"


def test_report_actions_for_a_session_without_actions_is_an_error(reference):
    with pytest.raises(CommandError, match="No actions are recorded for CCPCJ, session 21"):
        _run("report_actions", "--session", "CCPCJ/21")
