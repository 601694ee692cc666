"""The cache backends: Django's Redis cache reusing one Redis client object per connection pool, and a database
cache for counters (CounterDatabaseCache).

Redis: one client object per connection pool.

Django's client builds a new `redis.Redis` for every cache call, and each sets up about 170 response callbacks: with
several cache calls a page (the content generation, the page cache, cached fragments, rate limits) that was 2–3 ms of
every uncached request. A `redis.Redis` object is safe to share between threads; it takes a connection from its pool
for each command.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class ReusedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        clients = self.__dict__.setdefault("_clients", {})
        index = self._get_connection_pool_index(write)
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


def _redis_client(cache):
    client = getattr(cache, "_cache", None)  # read through django.core.cache.cache's proxy too
    return client if isinstance(client, RedisCacheClient) else None


def same_store(one, other):
    """Whether two caches keep their entries in the same Redis database under the same keys, so that one round trip
    can read both's entries (as the "default" and "counters" aliases do in production)."""
    clients = _redis_client(one), _redis_client(other)
    return (
        None not in clients
        and clients[0]._servers == clients[1]._servers
        and (one.key_prefix, one.version, one.key_func) == (other.key_prefix, other.version, other.key_func)
    )


class CounterDatabaseCache(DatabaseCache):
    """Django's database cache for counters that must outlive a visitor's traffic: rate limits and the content
    generation (the "counters" alias, without Redis).

    Django's `incr` on the database cache writes the entry again with the cache's default lifetime, so an hourly
    window would end after five quiet minutes and a counter kept for ever would lapse. Here `incr` keeps the entry's
    own expiry and is atomic (the row is locked while it is read and written). Culling removes only expired entries:
    a live counter is never evicted, however many entries visitors create.
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, cache_key, value, expires = (quote(name) for name in (self._table, "cache_key", "value", "expires"))
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0, tzinfo=None))
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT {value} FROM {table} WHERE {cache_key} = %s AND {expires} > %s{lock}", [key, now])
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            number = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(number, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value} = %s WHERE {cache_key} = %s", [encoded, key])
        return number

    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        quote = connection.ops.quote_name
        cursor.execute(
            f"DELETE FROM {quote(self._table)} WHERE {quote('expires')} < %s",
            [connection.ops.adapt_datetimefield_value(now)],
        )
