"""The content version: one number all app servers agree on, which every edit changes.

Public pages (commission/web/cache.py) are stored under the version they were rendered at, so a new version
retires all of them at once, in every process. The number is kept where every process can read it, and each
request finds out whether it changed without a network round trip where the cache allows:

- Redis (``CACHE_URL=redis://…``): the number is a Redis key. Each change also publishes a message on a
  channel every process subscribes to; at each request a process reads what has arrived on that socket without
  waiting, and trusts its own copy of the number while nothing has. The editing request answers only after
  its PUBLISH returned, so a request that starts after the edit's response finds the message already there.
  Without a working subscription (Redis restarted, a network error) the number is read from Redis at every
  request until a new subscription is confirmed.
- Files (the default, ``filecache://``): the number comes from a file beside the cached pages, to which each
  change appends one byte: a ``stat()`` tells its size, a system call and no read.
- Any other cache: the number is read from the cache at every request. (The database cache adds one by reading
  and writing back, which two processes can do at once: check --deploy refuses it, commission/web/checks.py.)

The same classes hold the short lock that lets one process render a page while the others wait for it, and
count shared counters (the rate limits) exactly, in every cache check --deploy accepts.
"""

import fcntl
import hashlib
import logging
import os
import secrets
import threading
import time
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
# How long a process waits for its subscription to be confirmed, and before trying again after a failure.
SUBSCRIBE_SECONDS = 1.0
# Counters kept on the file cache before it deletes a third of them: each form post adds at most two (its
# visitor's and its address's, per period), so only posts from thousands of addresses within a period reach it.
COUNTER_ENTRIES = 20_000


def _fresh_version() -> int:
    # Lost or never set: start anywhere in a range so wide that no entry kept under an earlier count matches.
    return secrets.randbits(62)


class CacheVersion:
    """The number in the cache, read at every request."""

    def current(self) -> int:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
            version = cache.get(VERSION_KEY)
        return version

    def bump(self) -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet (or evicted): any new value differs from the old keys
            cache.set(VERSION_KEY, _fresh_version(), timeout=None)

    def lock(self, name: str, seconds: int) -> bool:
        """Take the lock ``name`` for at most ``seconds``; False if another process holds it."""
        return cache.add(name, 1, timeout=seconds)

    def unlock(self, name: str) -> None:
        cache.delete(name)

    def count(self, name: str, seconds: int) -> int:
        """Add one to the counter ``name`` (kept ``seconds``) and return it; exact however many processes count
        where the cache adds atomically (not the database cache: check --deploy refuses it)."""
        cache.add(name, 0, timeout=seconds)
        try:
            return cache.incr(name)  # atomic in Redis and in the per-process cache
        except ValueError:  # evicted between add and incr
            cache.set(name, 1, timeout=seconds)
            return 1


class FileVersion(CacheVersion):
    """A file in the cache's folder; each change appends a byte, so its size (and inode) is the number.

    Deleting the file would restart the count: whoever finds it missing empties the folder's pages first.
    """

    def __init__(self, folder: str):
        self.folder = Path(folder)
        # One file per key prefix, as the pages' own file names depend on it.
        self.path = self.folder / f"{hashlib.sha256(cache.make_key(VERSION_KEY).encode()).hexdigest()[:32]}.version"

    def current(self) -> int:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            cache.clear()
            self.bump()
            stat = os.stat(self.path)
        return (stat.st_ino << 32) + stat.st_size

    def bump(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # O_APPEND: each write lands at the end, whatever other processes append meanwhile.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, b".")
        finally:
            os.close(fd)

    def lock(self, name: str, seconds: int) -> bool:
        # FileBasedCache.add() checks, then writes: two processes could both take it. O_EXCL cannot.
        path = self._lock_path(name)
        for _ in range(2):
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
                return True
            except FileExistsError:
                try:
                    if time.time() - os.stat(path).st_mtime < seconds:
                        return False
                    os.unlink(path)  # left by a process that died while rendering
                except FileNotFoundError:
                    pass
        return False

    def unlock(self, name: str) -> None:
        try:
            os.unlink(self._lock_path(name))
        except FileNotFoundError:
            pass

    def count(self, name: str, seconds: int) -> int:
        # FileBasedCache.incr() reads, then writes: two processes could both write the same count. Counting
        # holds an exclusive lock on a file of the folder, which the kernel drops if the process dies.
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "counters.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                counters = self._counters()
                counters.add(name, 0, timeout=seconds)
                try:
                    return counters.incr(name)
                except ValueError:  # expired between add and incr
                    counters.set(name, 1, timeout=seconds)
                    return 1
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _counters(self) -> FileBasedCache:
        """The counts, in a folder of their own: the pages' folder keeps 300 files and then deletes a random
        third, and anyone can fill it with pages of made-up query strings, which would reset every limit."""
        return FileBasedCache(str(self.folder / "counters"), {
            "OPTIONS": {"MAX_ENTRIES": COUNTER_ENTRIES},
            "KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        })

    def _lock_path(self, name: str) -> Path:
        return self.folder / f"{hashlib.sha256(cache.make_key(name).encode()).hexdigest()[:32]}.lock"


class RedisVersion(CacheVersion):
    """The number in Redis, kept by each process and dropped when a message says it changed."""

    def __init__(self, url: str):
        self.url = url
        self.channel = cache.make_key(VERSION_KEY)
        self.subscriber_name = f"{self.channel.replace(' ', '_')}:subscriber"
        self._guard = threading.Lock()  # runserver's threads share one subscription
        self._client = self._pubsub = None
        self._pid = None
        self._known: int | None = None  # the number last read; None: read it again
        self._retry_at = 0.0

    def current(self) -> int:
        with self._guard:
            if self._listening():
                if self._known is None:
                    self._known = super().current()
                return self._known
        return super().current()

    def bump(self) -> None:
        super().bump()
        with self._guard:
            self._known = None
            self._redis().publish(self.channel, b"")

    def _redis(self) -> redis.Redis:
        if self._pid != os.getpid():  # a forked worker needs connections of its own
            self._client, self._pubsub, self._known, self._pid = redis.Redis.from_url(self.url), None, None, os.getpid()
        return self._client

    def _listening(self) -> bool:
        """Whether the subscription is up; drains what arrived, forgetting the number if something did."""
        self._redis()
        if self._pubsub is None and not self._subscribe():
            return False
        try:
            # A change, or a subscription confirmed anew: either way, read the number again.
            while self._pubsub.get_message(timeout=0) is not None:
                self._known = None
        except (redis.RedisError, OSError) as error:
            logger.warning("Content version subscription lost (%s); reading the version from Redis.", error)
            self._drop()
            return False
        return True

    def _subscribe(self) -> bool:
        if time.monotonic() < self._retry_at:
            return False
        # No silent reconnection: messages sent while the connection was down would be lost unnoticed, so an
        # error must reach _listening(), which then reads the number from Redis until subscribed anew.
        # Named, so that CLIENT LIST shows what each app server's subscription is for.
        subscriber = redis.Redis.from_url(self.url, retry=Retry(NoBackoff(), 0), client_name=self.subscriber_name)
        pubsub = subscriber.pubsub()
        try:
            pubsub.subscribe(self.channel)
            # Confirmed before the number is read: a change between the two is then a message, not lost.
            confirmed = pubsub.get_message(timeout=SUBSCRIBE_SECONDS)
            if confirmed is None or confirmed["type"] != "subscribe":
                raise redis.ConnectionError("no confirmation of the subscription")
        except (redis.RedisError, OSError) as error:
            logger.warning("Cannot subscribe to content version changes (%s); reading it from Redis.", error)
            pubsub.close()
            self._retry_at = time.monotonic() + SUBSCRIBE_SECONDS
            return False
        self._pubsub, self._known = pubsub, None
        return True

    def _drop(self) -> None:
        try:
            self._pubsub.close()
        except (redis.RedisError, OSError):
            pass
        self._pubsub, self._known = None, None
        self._retry_at = time.monotonic() + SUBSCRIBE_SECONDS


def for_cache(config: dict) -> CacheVersion:
    """The version keeper for the cache configured as ``config`` (settings.CACHES['default'])."""
    backend = config.get("BACKEND", "")
    location = config.get("LOCATION", "")
    if backend == "django.core.cache.backends.redis.RedisCache":
        first = location[0] if isinstance(location, list | tuple) else location.split(",")[0]
        return RedisVersion(first)
    if backend == "django.core.cache.backends.filebased.FileBasedCache":
        return FileVersion(location)
    return CacheVersion()


_keeper: tuple[dict, CacheVersion] | None = None


def keeper() -> CacheVersion:
    """This process's keeper of the version, for the cache settings.CACHES names now (tests change them)."""
    global _keeper
    config = settings.CACHES["default"]
    if _keeper is None or _keeper[0] is not config:
        _keeper = (config, for_cache(config))
    return _keeper[1]
