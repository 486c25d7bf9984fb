"""``manage.py import_akn PATH [--json]``: read an Akoma Ntoso 3.0 file into the structure
``parse_text`` gives (``--json``: exactly ``ParsedText.to_json()``, the ``parse_text --json``
contract); without ``--json`` the same short summary as ``parse_text``."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from negotiation.limits import text_limits
from negotiation.management.commands.parse_text import summary
from negotiation.text.akn import AknError, akn_to_parsed


class Command(BaseCommand):
    help = "Read an Akoma Ntoso 3.0 XML file into paragraphs, footnotes and metadata."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .xml file")
        parser.add_argument("--json", action="store_true", help="print ParsedText.to_json()")

    def handle(self, *args, **options):
        path = Path(options["path"])
        limit = text_limits().max_file_bytes
        try:
            if path.stat().st_size > limit:
                raise CommandError(f"{path}: the file is larger than the limit of {limit} bytes.")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        try:
            parsed = akn_to_parsed(data)
        except AknError as error:
            raise CommandError(f"{path}: {error}") from error
        if options["json"]:
            self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(parsed))
