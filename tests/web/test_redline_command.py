"""``manage.py redline OLD NEW [--json]``: the contract other tools rely on."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from negotiation.data import corpus_dir

CORPUS = corpus_dir()
DRAFT = CORPUS / "003_cbf27e0216005652.txt"


@pytest.fixture
def versions(tmp_path):
    """Corpus 003 and a revision: OP2 reworded, a new OP3 inserted (later OPs renumbered)."""
    text = DRAFT.read_text(encoding="utf-8")
    revised = text.replace(
        "2. *Encourages* the United Nations Office",
        "2. *Strongly encourages* the United Nations Office",
    ).replace(
        "3. *Requests* the United Nations Office on Drugs and Crime, in consultation",
        "3. *Invites* States parties to share their experience of the review mechanism;\n\n"
        "4. *Requests* the United Nations Office on Drugs and Crime, in consultation",
    )
    for number in range(11, 3, -1):  # renumber the OPs after the insertion, last first
        revised = revised.replace(f"\n{number}. *", f"\n{number + 1}. *")
    assert revised.count("*Invites*") == 1
    old, new = tmp_path / "L.13.txt", tmp_path / "L.13-Rev.1.txt"
    old.write_text(text, encoding="utf-8")
    new.write_text(revised, encoding="utf-8")
    return old, new


def run_redline(*args):
    out = StringIO()
    call_command("redline", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_lists_every_paragraph_once_with_statuses_and_segments(versions):
    data = json.loads(run_redline(*versions, "--json"))

    rows = data["paragraphs"]
    old_seen = sorted(r["old"] for r in rows if r["old"] is not None)
    new_seen = sorted(r["new"] for r in rows if r["new"] is not None)
    assert old_seen == list(range(len(old_seen)))
    assert new_seen == list(range(len(old_seen) + 1))
    changed = [(r["old_label"], r["new_label"], r["status"]) for r in rows if r["status"] != "unchanged"]
    assert changed == [("OP2", "OP2", "modified"), (None, "OP3", "inserted")]
    renumbered = next(r for r in rows if r["old_label"] == "OP11")
    assert (renumbered["new_label"], renumbered["text_changed"]) == ("OP12", False)
    assert renumbered["segments"][0][0] == 0 and len(renumbered["segments"]) == 1
    modified = next(r for r in rows if r["status"] == "modified")
    assert [1, "Strongly encourages"] in modified["segments"] or [-1, "Encourages"] in modified["segments"]
    assert data["summary"]["line"] == "1 operative paragraph modified, 1 inserted"


def test_text_output_marks_deletions_and_insertions(versions):
    output = run_redline(*versions)
    assert output.startswith("1 operative paragraph modified, 1 inserted")
    assert "OP2 -> OP2  modified" in output
    assert "- -> OP3  inserted" in output
    assert "{+Strongly encourages+}" in output or "[-Encourages-]" in output


def test_unparsable_file_is_a_command_error(versions, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="empty"):
        run_redline(versions[0], empty)


def test_missing_file_is_a_command_error(versions, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_redline(versions[0], tmp_path / "missing.txt")
