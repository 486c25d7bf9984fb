"""``manage.py export_akn VERSION_ID``: print a stored version as Akoma Ntoso 3.0 XML (AKN4UN),
with its sponsors and the actions taken on it (votes included) in the metadata."""
from django.core.management.base import BaseCommand, CommandError

from negotiation.models import Version
from negotiation.selectors.akn import akn_version, version_akn
from negotiation.text.akn import akn_validate


class Command(BaseCommand):
    help = "Print a version as Akoma Ntoso 3.0 XML (AKN4UN conventions)."

    def add_arguments(self, parser):
        parser.add_argument("version_id", type=int, help="the id of the version")
        parser.add_argument("--validate", action="store_true",
                            help="also check the XML against the AKN 3.0 schema (errors on stderr)")

    def handle(self, *args, **options):
        try:
            version = akn_version(options["version_id"])
        except Version.DoesNotExist as exc:
            raise CommandError(f"No version with id {options['version_id']}.") from exc
        xml = version_akn(version)
        if options["validate"]:
            errors = akn_validate(xml)
            if errors:
                raise CommandError("The XML does not validate:\n" + "\n".join(errors))
        self.stdout.write(xml, ending="" if xml.endswith("\n") else "\n")
