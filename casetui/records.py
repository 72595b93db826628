"""`NamedTuple`, as `typing.NamedTuple` makes it, at a third of the cost.

The core defines about forty small records as `class Name(NamedTuple)` with annotations
written as strings (`from __future__ import annotations`). On Python 3.11 `typing` checks
each annotation by compiling it into a `ForwardRef`, which with `collections.namedtuple`
itself costs about 1.2 million instructions a class: some 20 million, a sixth of what a
write costs beyond `--help`. The annotations are only read by type checkers, so this
builds the same `collections.namedtuple` class and keeps the annotations as written
(strings, where `typing` keeps `ForwardRef`s: `typing.get_type_hints` resolves both).
Type checkers see `typing.NamedTuple` itself.

What `typing` refuses is refused: a field without a default after one with, and a class
body that overwrites what a named tuple needs (`_replace`, `__new__`...).
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    # Kept from the class body as the class's own: everything else but the fields.
    _BODY_ONLY = frozenset({"__module__", "__qualname__", "__annotations__", "__doc__"})
    _PROTECTED = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
         "_make", "_replace", "_asdict", "_source"}
    )  # fmt: skip

    class _RecordType(type):
        def __new__(cls, name: str, bases: tuple[type, ...], body: dict[str, Any]) -> Any:
            annotations = body.get("__annotations__", {})
            defaults = []
            for field in annotations:
                if field in body:
                    defaults.append(body[field])
                elif defaults:
                    raise TypeError(
                        f"Non-default namedtuple field {field} cannot follow default field"
                        f"{'s' if len(defaults) > 1 else ''} "
                        f"{', '.join(f for f in annotations if f in body)}"
                    )
            made = namedtuple(
                name, tuple(annotations), defaults=defaults, module=body["__module__"]
            )
            made.__annotations__ = dict(annotations)
            made.__qualname__ = body.get("__qualname__", name)
            if body.get("__doc__") is not None:
                made.__doc__ = body["__doc__"]
            for key, value in body.items():
                if key in _PROTECTED:
                    raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
                if key not in _BODY_ONLY and key not in annotations:
                    setattr(made, key, value)
            return made

    NamedTuple = type.__new__(_RecordType, "NamedTuple", (), {"__module__": __name__})
