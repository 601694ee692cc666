"""Django's Redis cache, reusing one Redis client object per connection pool.

Django's client builds a new `redis.Redis` for every cache call, and each sets up about 170 response callbacks: with
several cache calls a page (the content generation, the page cache, cached fragments, rate limits) that was 2–3 ms of
every uncached request. A `redis.Redis` object is safe to share between threads; it takes a connection from its pool
for each command.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
