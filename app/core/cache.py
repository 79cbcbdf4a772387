"""The fragment cache's Redis backend: values are stored as JSON, never pickled, so nothing read
back from Redis can run code (as for the job queue, see core/jobs.py)."""

from __future__ import annotations

from cachelib.serializers import JSONSerializer
from flask_caching.backends.rediscache import RedisCache


class JSONRedisCache(RedisCache):
    serializer = JSONSerializer()
