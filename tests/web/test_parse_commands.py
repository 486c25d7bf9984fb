"""manage.py parse_text / split_report: the JSON contract other tools rely on, and errors."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from negotiation.data import corpus_dir
from negotiation.text.parse import parse_text
from negotiation.text.readers import write_docx
from tests.pdf_files import RESOLUTION_LINES, write_lines_pdf

CORPUS = corpus_dir()


def corpus_path(prefix):
    return next(CORPUS.glob(f"{prefix}_*.txt"))


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_parse_text_json_is_exactly_parsed_text_to_json():
    data = json.loads(run("parse_text", str(corpus_path("002")), "--json"))
    assert data == parse_text(corpus_path("002").read_text(encoding="utf-8")).to_json()
    first = data["paragraphs"][0]
    assert set(first) == {"kind", "number", "label", "section", "lead", "text", "subparagraphs", "footnotes", "brackets"}
    assert {"removed", "sections", "notices"} <= set(data)
    assert data["footnotes"][0] == {"marker": "1", "text": "United Nations, Treaty Series, vols. 2225, 2237, 2241 and 2326, No. 39574."}


def test_parse_text_summary_gives_counts_and_labels():
    out = run("parse_text", str(corpus_path("003")))
    assert "12 preambular paragraphs, 11 operative paragraphs, 2 footnotes" in out
    assert "PP1" in out and "OP11" in out


def test_parse_text_reads_docx(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(write_docx(parse_text(corpus_path("001").read_text(encoding="utf-8"))))
    data = json.loads(run("parse_text", str(path), "--json"))
    assert sum(p["kind"] == "operative" for p in data["paragraphs"]) == 17


def test_parse_text_reads_pdf(tmp_path):
    path = tmp_path / "draft.pdf"
    path.write_bytes(write_lines_pdf(RESOLUTION_LINES))
    data = json.loads(run("parse_text", str(path), "--json"))
    assert "paragraphs" in data
    assert any("Decides to remain seized" in p["text"] for p in data["paragraphs"])


def test_parse_text_holds_files_to_the_deployments_text_limits(tmp_path, settings):
    settings.TEXT_LIMITS = {"max_pdf_pages": 1}
    path = tmp_path / "draft.pdf"
    path.write_bytes(write_lines_pdf(RESOLUTION_LINES, per_page=4))
    with pytest.raises(CommandError, match="has 2 pages; the limit is 1 pages"):
        run("parse_text", str(path))


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.txt", b"", "empty"),
        ("x.pdf", b"%PDF-1.4", "corrupt or unreadable PDF"),
        ("x.odt", b"hello", "Accepted types"),
        ("bad.docx", b"PK\x03\x04garbage", "docx"),
        ("noformula.txt", b"Title\n\nRecalling things,\n", "enacting formula"),
    ],
)
def test_parse_text_errors_are_command_errors_with_the_message(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=words):
        run("parse_text", str(path))


def test_parse_text_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("parse_text", str(tmp_path / "missing.txt"))


def test_split_report_json_lists_the_texts_of_chapter_one():
    data = json.loads(run("split_report", str(corpus_path("004")), "--json"))
    texts = data["texts"]
    assert len(texts) == 18
    assert texts[0]["section"] == "A" and texts[0]["heading"] == "Draft resolution I"
    assert texts[-1]["heading"] == "Decision 20/1" and texts[-1]["kind"] == "decision"
    assert {"metadata", "paragraphs", "footnotes", "title", "enacting_formula"} <= set(texts[0])


def test_split_report_summary_has_one_line_per_text():
    out = run("split_report", str(corpus_path("004")))
    assert len(out.strip().splitlines()) == 18
    assert "Resolution 20/3" in out
