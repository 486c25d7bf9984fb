"""``manage.py split_report PATH [--json]``: the texts of a session report's chapter I.

JSON shape: ``{"texts": [{"section": "A", "heading": "Draft resolution I", "title": ...,
"kind": "resolution", ...ParsedText.to_json()}]}``.
"""
import json

from django.core.management.base import BaseCommand, CommandError

from negotiation.management.files import read_text
from negotiation.text.parse import ParseError
from negotiation.text.split_report import split_report


class Command(BaseCommand):
    help = "Split chapter I of a session report into its draft resolutions, decisions and resolutions."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the report (.txt, .md, .docx)")
        parser.add_argument("--json", action="store_true", help="print the texts as JSON")

    def handle(self, *args, **options):
        path = options["path"]
        try:
            texts = split_report(read_text(path))
        except ParseError as error:
            raise CommandError(f"{path}: {error}") from error
        if options["json"]:
            payload = {"texts": [t.to_json() for t in texts]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for t in texts:
            pps = sum(1 for p in t.parsed.paragraphs if p.kind == "preambular")
            ops = len(t.parsed.paragraphs) - pps
            self.stdout.write(
                f"{t.section}  {t.heading:<20} {pps:>3} PP {ops:>3} OP "
                f"{len(t.parsed.footnotes):>3} fn  {t.title[:70]}"
            )
