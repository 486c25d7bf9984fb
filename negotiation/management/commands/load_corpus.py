"""Load reference data and the shared corpus as demo data. Running it twice changes nothing."""
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from negotiation import roles
from negotiation.data import corpus_dir
from negotiation.models import DelegateProfile, Delegation
from negotiation.services import reference
from negotiation.services.corpus import (
    DEMO_SYMBOL,
    corpus_actions_store,
    demo_negotiation_store,
    plan_store,
    plans_from_corpus,
)

DEMO_USERS = [  # username, role, delegation
    ("secretariat", roles.SECRETARIAT, None),
    ("reviewer", roles.REVIEWER, None),
    ("delegate", roles.DELEGATE, "Italy"),
    ("delegate-mx", roles.DELEGATE, "Mexico"),
    # The demo negotiation on A/C.3/66/L.16: its facilitator (a reviewer whom the secretariat
    # assigns to that draft) and a delegate of Argentina, speaking for the Group of 77 and China.
    ("facilitator", roles.REVIEWER, None),
    ("delegate-ar", roles.DELEGATE, "Argentina"),
]


class Command(BaseCommand):
    help = "Load delegations, bodies, roles and the corpus documents (and demo users with --demo-users)."

    def add_arguments(self, parser):
        parser.add_argument("--corpus-dir", default=str(corpus_dir()), help="Default: CORPUS_DIR, ../shared/corpus, or the bundled copy.")
        parser.add_argument("--demo-users", action="store_true", help="Create one demo login per role (password: DEMO_PASSWORD).")

    def handle(self, *args, corpus_dir, demo_users, **options):
        directory = Path(corpus_dir)
        if not directory.is_dir():
            raise CommandError(f"No corpus at {directory}; pass --corpus-dir or set CORPUS_DIR.")
        reference.groups_ensure()
        changed = reference.delegations_load()
        bodies = reference.bodies_ensure()
        stored = [d for d in (plan_store(plan, bodies) for plan in plans_from_corpus(directory)) if d]
        actions = corpus_actions_store(directory, bodies)
        for error in actions.errors:
            self.stderr.write(f"Report paragraph {error['paragraph']}: {error['reason']}")
        if demo_users:
            users = self._demo_users(os.environ.get("DEMO_PASSWORD", "negotiate-2026"))
            if demo_negotiation_store(users=users):
                self.stdout.write(f"Demo negotiation (illustrative, tagged [demo]) built on {DEMO_SYMBOL}; facilitator: “facilitator”.")
        self.stdout.write(f"Delegations updated: {changed}. Drafts loaded: {len(stored)}. "
                          f"Actions recorded: {len(actions.recorded)} ({len(actions.already)} already there).")

    @transaction.atomic
    def _demo_users(self, password: str) -> dict:
        User = get_user_model()
        users = {}
        for username, role, delegation in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": role == roles.SECRETARIAT, "first_name": username.replace("-", " ").title()},
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            if delegation and not hasattr(user, "delegate_profile"):
                DelegateProfile.objects.create(user=user, delegation=Delegation.objects.get(short_name=delegation))
            users[username] = User.objects.get(pk=user.pk)  # fresh: no role caches from before
        return users
