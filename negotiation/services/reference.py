"""Reference data every installation needs: roles, delegations, bodies. Idempotent."""
import json
from pathlib import Path

from django.contrib.auth.models import Permission
from django.db import transaction

from negotiation import roles
from negotiation.models import Body, Delegation

DELEGATIONS_JSON = Path(__file__).resolve().parent.parent / "data" / "delegations.json"

# (short name, name, how the body calls itself in its report, reports to)
BODIES = [
    ("GA", "General Assembly", "Assembly", None),
    ("ECOSOC", "Economic and Social Council", "Council", None),
    ("GA/C.3", "General Assembly Third Committee", "Committee", "GA"),
    ("CCPCJ", "Commission on Crime Prevention and Criminal Justice", "Commission", "ECOSOC"),
    ("COP-UNTOC", "Conference of the Parties to the United Nations Convention against Transnational Organized Crime", "Conference", None),
    ("COP-UNFCCC", "Conference of the Parties to the United Nations Framework Convention on Climate Change", "Conference", None),
]


@transaction.atomic
def groups_ensure() -> None:
    """The three role groups; the secretariat holds every permission on the record."""
    groups = roles.ensure_groups()
    groups[roles.SECRETARIAT].permissions.set(Permission.objects.filter(content_type__app_label="negotiation"))
    groups[roles.REVIEWER].permissions.set(
        Permission.objects.filter(content_type__app_label="negotiation", codename__startswith="view_")
    )


@transaction.atomic
def delegations_load() -> int:
    """Create or update every delegation of the fixture; returns how many changed."""
    changed = 0
    existing = {d.short_name: d for d in Delegation.objects.all()}
    for item in json.loads(DELEGATIONS_JSON.read_text(encoding="utf-8")):
        fields = {
            "sort_name": item["sort_name"], "article": item.get("article") or "", "kind": item["kind"],
            "iso3": item.get("iso3") or "", "report_name": item.get("report_name") or "", "aliases": item.get("aliases") or [],
        }
        current = existing.get(item["short_name"])
        if current is None:
            Delegation.objects.create(short_name=item["short_name"], **fields)
            changed += 1
        elif any(getattr(current, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(current, key, value)
            current._change_reason = "Reference list updated"
            current.save()
            changed += 1
    return changed


@transaction.atomic
def bodies_ensure() -> dict[str, Body]:
    bodies: dict[str, Body] = {}
    for short, name, in_report, parent in BODIES:
        body, _ = Body.objects.get_or_create(
            short_name=short, defaults={"name": name, "name_in_report": in_report, "reports_to": bodies.get(parent)},
        )
        bodies[short] = body
    return bodies
