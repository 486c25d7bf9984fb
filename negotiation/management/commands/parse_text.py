"""``manage.py parse_text PATH [--json]``: parse one UN text (.txt, .md or .docx).

Other tools rely on the JSON shape: exactly ``ParsedText.to_json()`` (see
negotiation.text.structure). Without ``--json`` a short human summary is printed.
"""
import json

from django.core.management.base import BaseCommand

from negotiation.management.files import read_and_parse


def summary(parsed) -> str:
    """Counts and labels: what a user checks first after an import."""
    pps = sum(1 for p in parsed.paragraphs if p.kind == "preambular")
    ops = len(parsed.paragraphs) - pps
    lines = [
        f"Title: {parsed.title or '(none)'}",
        f"Enacting formula: {parsed.enacting_formula}",
        f"{pps} preambular paragraphs, {ops} operative paragraphs, {len(parsed.footnotes)} footnotes"
        + (f", {len(parsed.annexes)} annexes" if parsed.annexes else ""),
        "Paragraphs: " + " ".join(parsed.labels()),
    ]
    if parsed.sponsor_line:
        lines.insert(0, f"Sponsors: {parsed.sponsor_line}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Parse a draft resolution (.txt, .md, .docx, .pdf) into paragraphs, footnotes and metadata."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the text file (.txt, .md, .docx, .pdf)")
        parser.add_argument("--json", action="store_true", help="print ParsedText.to_json()")

    def handle(self, *args, **options):
        parsed = read_and_parse(options["path"])
        if options["json"]:
            self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(parsed))
