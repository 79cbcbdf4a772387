"""The platform's Jinja environment: a cheaper call of the functions templates call, and
plain dictionaries for templates' globals.

Every ``{{ f(x) }}`` in a template goes through ``Context.call``, which asks the callable three
times whether it wants the context, the evaluation context or the environment passed in
(three ``hasattr`` calls, one through a method wrapper it creates for the purpose) before it
calls it: about 2 µs a call, against 0.05 µs for a filter. A list page makes 100–800 such
calls (``url_for``, ``_``, the formatting helpers, macros). ``TemplateContext.call`` asks once
per place the answer can be and does the same thing with it; functions that take the whole
context still go through Jinja's own code, which derives a context for loop and block
variables. Installed through ``Environment.context_class``, the documented way to change
how a template's context behaves.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from flask.templating import Environment
from jinja2.runtime import Context
from jinja2.utils import _PassArg


def _pass_arg(obj: Any) -> _PassArg | None:
    """What Jinja passes first: a callable class's ``__call__`` decides before the object."""
    return getattr(type(obj).__call__, "jinja_pass_arg", None) or getattr(
        obj, "jinja_pass_arg", None
    )


class TemplateContext(Context):
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        pass_arg = _pass_arg(__obj)
        if pass_arg is _PassArg.context:
            return Context.call(__self, __obj, *args, **kwargs)
        if kwargs:  # what the compiled template adds inside loops and blocks
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        if pass_arg is _PassArg.eval_context:
            args = (__self.eval_ctx, *args)
        elif pass_arg is _PassArg.environment:
            args = (__self.environment, *args)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class TemplateGlobals(dict):
    """The environment's globals. A change empties the environment's template cache, so a
    template loaded before it is loaded again with it (each keeps a copy: ``make_globals``)."""

    def __init__(self, environment: Environment, values: MutableMapping) -> None:
        super().__init__(values)
        self._environment = environment

    def _changed(self) -> None:
        if self._environment.cache is not None:
            self._environment.cache.clear()

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self._changed()

    def setdefault(self, key: str, default: Any = None) -> Any:
        value = super().setdefault(key, default)
        self._changed()
        return value

    def pop(self, *args: Any) -> Any:
        value = super().pop(*args)
        self._changed()
        return value

    def popitem(self) -> tuple:
        item = super().popitem()
        self._changed()
        return item

    def clear(self) -> None:
        super().clear()
        self._changed()


class TemplateEnvironment(Environment):
    """Flask's environment, with ``TemplateContext`` and templates' globals as a plain dict.

    Jinja gives each template a ``ChainMap`` of its own globals over the environment's: every
    render copies it into the new context and every include and import reads its keys, a
    Python-level lookup per name (about 60 names: ~25 µs a render, ~30 µs an import, several
    of each per page). A dict copy does the same in C. Jinja itself advises against changing
    globals once templates are loaded; should it happen, ``TemplateGlobals`` empties the
    cache so that they are loaded again."""

    context_class = TemplateContext

    def __init__(self, app: Any, **options: Any) -> None:
        super().__init__(app, **options)
        self.globals = TemplateGlobals(self, self.globals)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}
