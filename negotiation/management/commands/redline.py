"""``manage.py redline OLD NEW [--json]``: the paragraph redline between two text files.

Other tools rely on the JSON shape: ``{"paragraphs": [{"old", "new", "old_label", "new_label",
"status", "text_changed", "segments", ...}], "summary": {...}}`` (see negotiation.text.redline).
"""
import json

from django.core.management.base import BaseCommand

from negotiation.management.files import read_and_parse
from negotiation.text.redline import redline


class Command(BaseCommand):
    help = "Compare two versions of a draft paragraph by paragraph (any format the importer reads)."

    def add_arguments(self, parser):
        parser.add_argument("old", help="the earlier version (file)")
        parser.add_argument("new", help="the later version (file)")
        parser.add_argument("--json", action="store_true", help="print the machine-readable redline")

    def handle(self, *args, **options):
        result = redline(read_and_parse(options["old"]), read_and_parse(options["new"]))
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            self.stdout.write(result.to_text())

