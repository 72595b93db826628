"""`@frozen`: the frozen dataclass of the core, cheaper to define.

Every command imports the model, the fold, the store and, for amounts, the law: about a
hundred frozen dataclasses. For each of them `dataclass` compiles six small functions at
import, and on Python 3.11 that is a large part of what a command costs beyond `--help`.
`@frozen` is `@dataclass(frozen=True)` whose `__eq__`, `__hash__` and `__repr__` are written
once, here, instead of compiled per class (`casetui log` at 50,000 cases: 572 to 541 million
instructions, callgrind). They behave as the generated ones do: equal when of the same class
with equal fields, in declaration order, honouring `field(compare=False, repr=False)`.

Money keeps the generated methods: it is compared far more often than it is defined.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T", bound=type)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving an instance's values of `names`, as a tuple (C-fast)."""
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda instance: (one(instance),)
    if not names:
        return lambda instance: ()
    return operator.attrgetter(*names)


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    compared = self._value_compared
    return compared(self) == compared(other)  # type: ignore[no-any-return]


def _hash(self: Any) -> int:
    return hash(self._value_hashed(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._value_shown)
    return f"{self.__class__.__qualname__}({shown})"


_SHARED: dict[str, Callable[..., Any]] = {"__eq__": _eq, "__hash__": _hash, "__repr__": _repr}


@overload
def frozen(cls: _T, /) -> _T: ...
@overload
def frozen(*, slots: bool = False, kw_only: bool = False) -> Callable[[_T], _T]: ...


@dataclass_transform(frozen_default=True)
def frozen(
    cls: _T | None = None, /, *, slots: bool = False, kw_only: bool = False
) -> _T | Callable[[_T], _T]:
    """`@frozen` or `@frozen(slots=True, kw_only=True)`: a frozen dataclass."""

    def make(cls: _T) -> _T:
        own = {name for name in _SHARED if name in cls.__dict__}
        if cls.__dict__.get("__hash__", 0) is None and "__eq__" in own:
            own.discard("__hash__")  # Python's None for a class's own __eq__: hashed by fields
        made = dataclasses.dataclass(
            frozen=True, eq=False, repr=False, slots=slots, kw_only=kw_only
        )(cls)
        fields = dataclasses.fields(made)
        # What the shared methods read, worked out once per class (getters, not code).
        made._value_compared = _getter(tuple(spec.name for spec in fields if spec.compare))
        made._value_hashed = _getter(
            tuple(
                spec.name for spec in fields if (spec.compare if spec.hash is None else spec.hash)
            )
        )
        made._value_shown = tuple(spec.name for spec in fields if spec.repr)
        for name, method in _SHARED.items():
            if name not in own:
                setattr(made, name, method)
        return made

    return make if cls is None else make(cls)
