"""The fragment cache's Redis backend: values are stored as JSON, never pickled, so nothing read
back from Redis can run code (as for the job queue, see core/jobs.py)."""

from __future__ import annotations

from cachelib.serializers import JSONSerializer
from flask_caching.backends.rediscache import RedisCache


class _RedisJSONSerializer(JSONSerializer):
    """cachelib's JSON serializer, told that Redis answers ``None`` for a key it does not hold.

    Without this, every cache miss went through ``json.loads(None)`` and logged a warning: in the
    benchmark, one log line per page rendered afresh."""

    def loads(self, bvalue, *args, **kwargs):
        return None if bvalue is None else super().loads(bvalue, *args, **kwargs)


class JSONRedisCache(RedisCache):
    serializer = _RedisJSONSerializer()
