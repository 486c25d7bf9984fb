"""Benchmark: the compare page for a 400-paragraph omnibus pair, uncached and from cache.

    .venv/bin/python bench/bench_compare_page.py [--repeats N]

Not a test. Runs the real view through Django's test client on a throw-away SQLite database
(the embedded default: local-memory cache, tasks eager). Uncached = cache cleared before each
request, so the redline is computed and the page rendered; cached = the stored redline reused.
The baseline, measured in the same run, is the draft page of the same 400-paragraph version
(a read with no redline at all). Target: the cached page under 50 ms.
"""
import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    repeats = parser.parse_args().repeats
    workdir = tempfile.mkdtemp(prefix="bench-compare-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from bench.bench_redline import build_omnibus_pair, median_ms
    from negotiation.services import reference
    from negotiation.services.versions import draft_create, version_create

    call_command("migrate", verbosity=0)
    reference.groups_ensure()
    bodies = reference.bodies_ensure()
    old_text, new_text = build_omnibus_pair()
    draft = draft_create(body=bodies["GA/C.3"], session=80, symbol="A/C.3/80/L.1", title="Omnibus")
    old = version_create(draft=draft, label="L.1", kind="issued", parsed=old_text, is_issued=True)
    new = version_create(draft=draft, label="L.1/Rev.1", kind="issued", parsed=new_text, is_issued=True)
    user = get_user_model().objects.create_user("bench")
    user.groups.add(Group.objects.get(name="reviewer"))
    client = Client()
    client.force_login(user)
    compare = reverse("compare", args=[draft.pk]) + f"?old={old.pk}&new={new.pk}"
    detail = reverse("version_detail", args=[draft.pk, new.pk])

    def uncached():
        cache.clear()
        assert client.get(compare).status_code == 200

    def cached():
        response = client.get(compare)
        assert response.status_code == 200 and b"id=\"summary\"" in response.content

    baseline = median_ms(lambda: client.get(detail), repeats)
    cold = median_ms(uncached, repeats)
    client.get(compare)
    warm = median_ms(cached, repeats)
    paragraphs = new.paragraphs.filter(kind__in=["preambular", "operative"]).count()
    print(f"compare page, {old.paragraphs.count()}+{new.paragraphs.count()} stored rows ({paragraphs} paragraphs in the revision)")
    print(f"{'draft page (baseline)':<26} {baseline:>8.1f} ms   1.00x")
    print(f"{'compare page, uncached':<26} {cold:>8.1f} ms   {cold / baseline:.2f}x")
    print(f"{'compare page, cached':<26} {warm:>8.1f} ms   {warm / baseline:.2f}x   (target < 50 ms; {cold / warm:.1f}x faster than uncached)")


if __name__ == "__main__":
    main()
