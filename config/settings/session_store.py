"""Sessions read from the cache (Redis), kept in the database: Django's ``cached_db`` engine,
made to survive a cache that fails, with cached copies kept a bounded time.

Production uses it when REDIS_URL is set (``SESSION_ENGINE`` in production.py): a page view then
reads its session from Redis instead of the database. Not a settings module: the session engine
lives beside the settings that choose it.

- Redis down: every cache call here is guarded; the session is read from and written to the
  database as with the ``db`` engine, so logging in, pages and logging out keep working.
- A cached copy lives at most ``CACHE_SECONDS`` (and never past the session's expiry): a copy
  left behind because Redis could not be reached when a session was deleted (a log-out during an
  outage) is gone by then. Every change of a session (log-in, log-out, a message) is written to
  the database and to the cache, and a deleted session's cached copy is deleted too.
- Only with a cache shared by every process (Redis): a per-process cache (local memory) would
  keep serving a session another process deleted.
"""
import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

logger = logging.getLogger("django.contrib.sessions")

CACHE_SECONDS = 15 * 60


class SessionStore(CachedDBStore):
    def _cache_seconds(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, CACHE_SECONDS))

    def _cache_set(self, data, expiry_age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, self._cache_seconds(expiry_age))
        except Exception as error:  # noqa: BLE001 - the database has it; the cache is an accelerator
            logger.warning("session not cached: %s", error)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception as error:  # noqa: BLE001
            logger.warning("session not read from the cache: %s", error)
            data = None
        if data is None:
            stored = self._get_session_from_db()
            if not stored:
                return {}
            data = self.decode(stored.session_data)
            self._cache_set(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception as error:  # noqa: BLE001
            logger.warning("session cache not reached: %s", error)
        return DBStore.exists(self, session_key)

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        self._cache_set(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception as error:  # noqa: BLE001 - the copy expires within CACHE_SECONDS
            logger.warning("cached session not deleted: %s", error)
