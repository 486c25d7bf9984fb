"""A burst of work never opens PostgreSQL connections without bound: connections come from a
pool sized to the process (``DB_POOL_MAX``), and a burst waits for one instead of opening more."""
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections

from tests.conftest import require_or_skip


def _open_connections(cursor) -> int:
    cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
    return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_forty_clients_stays_within_the_pool():
    if connection.vendor != "postgresql":
        require_or_skip("needs PostgreSQL (CI runs it)")
    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
    assert pool and pool["max_size"] >= 1, "PostgreSQL connections come from a bounded pool"
    with connection.cursor() as cursor:
        before = _open_connections(cursor)
    start, errors, peak = threading.Barrier(40), [], []

    def client():
        try:
            start.wait()
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_sleep(0.3)")
                peak.append(_open_connections(cursor))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()  # what the end of a request does: back to the pool

    threads = [threading.Thread(target=client) for _ in range(40)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert max(peak) <= before + pool["max_size"], (before, max(peak), pool)
    assert time.monotonic() - started < 30, "the burst was served, waiting for connections"
