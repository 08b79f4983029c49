"""Plain text and flag values skip Typer's Pydantic coercion.

Typer (0.29) checks every parameter value with a Pydantic ``TypeAdapter``, built when the value
is first seen; that imports Pydantic (~0.2 s) even for commands that use nothing of it —
``overdue``, ``check``, ``visit add`` run on SQLAlchemy Core alone. A value that click has
already parsed into a ``str`` for a ``str`` parameter, a ``bool`` for a ``bool`` one, or a
sequence of ``str`` for a ``list[str]`` one is what the adapter would return, so it is passed
as it is, and plain decimal digits for an ``int`` one become that number as the adapter would
make it; every other value, and every parameter with choices, bounds, a path or a file, goes
through Typer's own coercion (and its messages). When Typer's internals differ from what this
expects, nothing is changed (``tests/test_startup.py`` checks that the short cut is in place
and that ``overdue`` then never imports Pydantic)."""

import re
from dataclasses import dataclass
from typing import Any

_DECIMAL = re.compile(r"[+-]?[0-9]+")
INT_LIMIT = 2**63 - 1  # what a database integer holds; a larger count, year or seed is a typo


def _in_range(value: Any, param: Any, ctx: Any) -> Any:
    """``value`` when it is no whole number or one a database holds, else a usage error (exit 2)."""
    if type(value) is int and abs(value) > INT_LIMIT:
        from typer._click.exceptions import BadParameter

        raise BadParameter(f"{value} is too large (at most {INT_LIMIT})", ctx=ctx, param=param)
    return value


def install() -> bool:
    """Put the short cut in place; False when this Typer has no such internals."""
    try:
        from typer import _coercion, core

        build = core.build_runtime_param
        base = _coercion.RuntimeParam
    except (ImportError, AttributeError):
        return False
    if getattr(build, "bangfu_plain", False):
        return True
    text_list = list[str]

    @dataclass(frozen=True)
    class PlainValue(base):  # type: ignore[misc, valid-type]
        descriptor: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation = self.annotation
            if annotation is str and type(value) is str:
                return value
            if annotation is bool and type(value) is bool:
                return value
            info = self.parameter_info
            bounded = getattr(info, "min", None) is not None or getattr(info, "max", None) is not None
            if annotation is int and not bounded and type(value) is str and _DECIMAL.fullmatch(value):
                # what the adapter makes of plain decimal digits; all else to it
                return _in_range(int(value), param, ctx)
            if (
                annotation == text_list
                and isinstance(value, (list, tuple))
                and all(type(v) is str for v in value)
            ):
                return list(value)
            coerced = build(self.descriptor)._coerce_value(value, param=param, ctx=ctx)
            return _in_range(coerced, param, ctx)

    def runtime_param(descriptor: Any) -> Any:
        special = descriptor.is_choice or descriptor.is_path or descriptor.file_annotation is not None
        if descriptor.annotation in (int, int | None) and not descriptor.is_choice:
            special = False  # bounds are Typer's own coercion (inside), then the range check
        if descriptor.annotation in (str, bool, int, int | None, text_list) and not special:
            return PlainValue(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                descriptor=descriptor,
            )
        return build(descriptor)

    runtime_param.bangfu_plain = True  # type: ignore[attr-defined]
    core.build_runtime_param = runtime_param
    return True
