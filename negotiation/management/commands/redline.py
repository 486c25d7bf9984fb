"""``manage.py redline OLD NEW [--json]``: the paragraph redline between two text files.

Other tools rely on the JSON shape: ``{"paragraphs": [{"old", "new", "old_label", "new_label",
"status", "text_changed", "segments", ...}], "summary": {...}}`` (see negotiation.text.redline).
"""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from negotiation.text.redline import redline


class Command(BaseCommand):
    help = "Compare two versions of a draft paragraph by paragraph (any format the importer reads)."

    def add_arguments(self, parser):
        parser.add_argument("old", help="the earlier version (file)")
        parser.add_argument("new", help="the later version (file)")
        parser.add_argument("--json", action="store_true", help="print the machine-readable redline")

    def handle(self, *args, **options):
        result = redline(_parse_file(options["old"]), _parse_file(options["new"]))
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            self.stdout.write(result.to_text())


def _parse_file(path: str):
    """Read and parse one version; unreadable or unparsable files become a CommandError."""
    # Imported here: the readers and the parser pull in optional format libraries.
    from negotiation.text.parse import ParseError, parse_text
    from negotiation.text.readers import read_document

    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
    try:
        return parse_text(read_document(file.name, data))
    except ParseError as error:
        raise CommandError(f"{path}: {error}") from error
