"""Shared fixtures: reference data, users in each role, and a small draft with versions."""
import datetime
import os

import pytest

from negotiation.data import corpus_dir

CORPUS = corpus_dir()


@pytest.fixture(autouse=True, scope="session")
def _leave_no_keys_in_redis():
    """Tests leave no keys in Redis: the cache and the broker databases are emptied at the end."""
    yield
    from django.conf import settings

    if not settings.REDIS_URL:
        return
    import redis

    for url in {settings.REDIS_URL, settings.CELERY_BROKER_URL}:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()


def corpus_text(prefix: str) -> str:
    """The corpus file whose name starts with ``prefix`` ("001", "004")."""
    return next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture
def reference(db):
    from negotiation.services import reference

    reference.groups_ensure()
    reference.delegations_load()
    return reference.bodies_ensure()


def _user(django_user_model, username, role, delegation=None, **extra):
    from django.contrib.auth.models import Group

    from negotiation.models import DelegateProfile, Delegation

    user = django_user_model.objects.create_user(username=username, password="pw-" + username, **extra)
    user.groups.add(Group.objects.get(name=role))
    if delegation:
        DelegateProfile.objects.create(user=user, delegation=Delegation.objects.get(short_name=delegation))
    return user


@pytest.fixture
def secretariat_user(reference, django_user_model):
    return _user(django_user_model, "sec", "secretariat", is_staff=True)


@pytest.fixture
def reviewer_user(reference, django_user_model):
    return _user(django_user_model, "rev", "reviewer")


@pytest.fixture
def delegate_user(reference, django_user_model):
    return _user(django_user_model, "del-it", "delegate", delegation="Italy")


@pytest.fixture
def other_delegate_user(reference, django_user_model):
    return _user(django_user_model, "del-fr", "delegate", delegation="France")


def make_parsed(pp: list[str], op: list[str], title="Strengthening cooperation", enacting="The General Assembly,"):
    """A ParsedText from plain paragraph texts; the lead is each text's first word."""
    from negotiation.text.structure import OPERATIVE, PREAMBULAR, Paragraph, ParsedText

    paragraphs = [Paragraph(kind=PREAMBULAR, text=t, lead=t.split()[0]) for t in pp]
    paragraphs += [Paragraph(kind=OPERATIVE, text=t, number=str(i), lead=t.split()[0]) for i, t in enumerate(op, 1)]
    return ParsedText(title=title, enacting_formula=enacting, paragraphs=paragraphs)


@pytest.fixture
def draft_l13(reference, secretariat_user):
    """E/CN.15/2011/L.13 issued, with Italy as main sponsor."""
    from negotiation.services.sponsorship import sponsor_add
    from negotiation.services.versions import draft_create, version_create

    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.13",
                         title="Strengthening cooperation", user=secretariat_user)
    parsed = make_parsed(
        ["Recalling its resolution 19/1,", "Noting with concern the rise of crime,"],
        ["Requests the Office to report;", "Invites Member States to contribute;", "Decides to remain seized of the matter."],
    )
    version_create(draft=draft, label="L.13", kind="issued", parsed=parsed, is_issued=True,
                   date=datetime.date(2011, 4, 11), user=secretariat_user)
    sponsor_add(draft=draft, delegation="Italy", role="main", user=secretariat_user)
    return draft


def require_or_skip(reason: str):
    """Skip on a developer's machine without the service; fail in CI (REQUIRE_SERVICES=1)."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"CI needs this: {reason}")
    pytest.skip(reason)
