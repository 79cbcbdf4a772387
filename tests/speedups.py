"""Work every test's new application would repeat, done once per test process.

The suite builds a new application for almost every test (about 2,500 per run), and two costs
of a new application are the same each time: Werkzeug compiles a URL builder for each of the
~700 rules (Python's ``compile`` of a generated function, most of ``create_app``'s time), and
Jinja compiles every template the test renders. Both results depend only on their input (the
rule's parts; the template's source), so they are kept for the whole process. Nothing about a
test's own data, configuration or state is shared.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.routing.rules import Rule


class SharedTemplateCache(BytecodeCache):
    """Compiled templates in memory, keyed by Jinja on the template's name and checked by it
    against the source's checksum (a changed template is compiled again)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SharedTemplateCache()


def share_url_builders() -> None:
    """Reuse the URL builder Werkzeug generated for an identical rule in an earlier app.

    The generated function takes the rule as its first argument and reads nothing else from
    it but its converters (at call time), so a builder made for one rule serves another with
    the same parts, defaults and converter types."""
    if getattr(Rule, "_kcc_shared_builders", False):
        return
    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}

    def shared(self: Rule, append_unknown: bool = True):
        key = (
            append_unknown,
            self.rule,
            tuple(self._trace),
            repr(sorted((self.defaults or {}).items())),
            # By name: an app may define its converter classes anew (app/core/urls.py does).
            tuple(
                (name, type(converter).__module__, type(converter).__qualname__)
                for name, converter in self._converters.items()
            ),
        )
        builder = builders.get(key)
        if builder is None:
            builder = builders[key] = compile_builder(self, append_unknown)
        return builder

    Rule._compile_builder = shared
    Rule._kcc_shared_builders = True
