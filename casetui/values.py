"""`@frozen`: the frozen dataclass of the core, cheaper to define.

Every command imports the model, the fold, the store and, for amounts, the law: about a
hundred frozen dataclasses. For each of them `dataclass(frozen=True)` compiles five small
functions at import (`__init__`, `__setattr__`, `__delattr__`, `__eq__`, `__repr__`, and
`__hash__`), and on Python 3.11 compiling is most of what a command costs beyond `--help`.

`@frozen` collects the fields and lays out the slots as `dataclass` does (`_dataclass_shape`:
`dataclasses.fields`, `replace`, `asdict` and `is_dataclass` work on the classes), and adds
the rest itself:
- `__eq__`, `__hash__`, `__repr__`, `__setattr__` and `__delattr__` are written once, here,
  and shared by every class (they read per-class getters, worked out once);
- `__init__` is still compiled per class, since building events is the hot path of every
  fold, but as one plain `def` rather than dataclass's wrapped one, and only when the class
  is first used: a write defines about sixty classes and builds instances of far fewer.

They behave as the generated ones do: equal when of the same class with equal fields, in
declaration order, honouring `field(compare=False, repr=False, hash=...)`, defaults and
default factories, keyword-only fields and `__post_init__`. `tests/test_frozen.py` compares
them with real dataclasses. Money keeps the generated methods: it is compared far more often
than it is defined.

One difference is visible to introspection only: `__dataclass_params__.frozen` is False, as
the freezing is ours, not dataclass's. So a `@frozen` class and a `@dataclass(frozen=True)`
class cannot inherit from each other (dataclass refuses the mix, loudly, at import).
"""

from __future__ import annotations

import dataclasses
import inspect  # loaded by dataclasses already
import operator
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform, get_origin, overload

_T = TypeVar("_T", bound=type)
_MISSING = dataclasses.MISSING


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


def _setattr(self: Any, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[object]:
    return [getattr(self, spec.name) for spec in dataclasses.fields(self)]


def _setstate(self: Any, state: list[object]) -> None:
    for spec, value in zip(dataclasses.fields(self), state, strict=True):
        object.__setattr__(self, spec.name, value)


_SHARED: dict[str, Callable[..., Any]] = {
    "__eq__": _eq,
    "__hash__": _hash,
    "__repr__": _repr,
    "__setattr__": _setattr,
    "__delattr__": _delattr,
}
_SLOTTED: dict[str, Callable[..., Any]] = {"__getstate__": _getstate, "__setstate__": _setstate}


class _DefaultFactory:
    """The parameter default that means "call the field's factory" (as dataclass's does)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _DefaultFactory()


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """Compile `cls.__init__`: each field set through `object.__setattr__`, then `__post_init__`."""
    scope: dict[str, object] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for number, spec in enumerate(fields):
        name = spec.name
        if spec.default_factory is not _MISSING:
            scope[f"_factory{number}"] = spec.default_factory
            if spec.init:
                value = f"_factory{number}() if {name} is _FACTORY else {name}"
                parameter = f"{name}=_FACTORY"
            else:
                value = f"_factory{number}()"
        elif spec.default is not _MISSING:
            scope[f"_default{number}"] = spec.default
            value = name if spec.init else f"_default{number}"
            parameter = f"{name}=_default{number}"
        else:
            value = name
            parameter = name
        if spec.init:
            (keyword if spec.kw_only else positional).append(parameter)
        elif value == name:
            continue  # init=False without a default: left unset, as dataclass does
        body.append(f"    _set(self, {name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    parameters = ["self", *positional, *(["*", *keyword] if keyword else [])]
    source = f"def __init__({', '.join(parameters)}):\n" + ("\n".join(body) or "    pass")
    exec(source, scope)  # our own source: identifiers from the class body, values by name
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    init.__annotations__ = {spec.name: spec.type for spec in fields if spec.init}
    init.__annotations__["return"] = None
    return init  # type: ignore[return-value]


# What `dataclasses.fields`, `replace`, `asdict` and `is_dataclass` read of a class: fields
# marked as fields (not class variables), and the class's parameters (one shared object;
# `frozen` is False in it, as the freezing is ours).
_FIELD = dataclasses._FIELD  # type: ignore[attr-defined]
# (A docstring spares `dataclass` the `inspect.signature` that parses one with `ast`.)
_PARAMS = dataclasses.dataclass(init=False, repr=False, eq=False)(
    type("_Shape", (), {"__doc__": "The parameters every @frozen class shares."})
).__dataclass_params__  # type: ignore[attr-defined]


def _dataclass_shape(cls: _T, *, slots: bool, kw_only: bool) -> _T:
    """`cls` with its fields collected (inherited ones first) and, with `slots`, laid out as
    slots: what `dataclass` does before it writes methods, which `@frozen` writes itself.
    Doing it here spares every class `dataclass`'s general machinery (a regular expression
    per annotation, a signature for the docstring), most of what defining one cost."""
    fields: dict[str, dataclasses.Field[Any]] = {}
    for base in cls.__mro__[-1:0:-1]:
        for spec in base.__dict__.get("__dataclass_fields__", {}).values():
            if spec._field_type is _FIELD:
                fields[spec.name] = spec
    annotations = inspect.get_annotations(cls)  # its own, as written (strings)
    for name, value in cls.__dict__.items():
        if isinstance(value, dataclasses.Field) and name not in annotations:
            raise TypeError(f"{cls.__qualname__}.{name} is a field but has no type annotation")
    for name, annotation in annotations.items():
        if _is_class_variable(annotation):
            continue
        fields[name] = spec = _own_field(cls, name, annotation, kw_only)
        if isinstance(cls.__dict__.get(name), dataclasses.Field):
            if spec.default is _MISSING:  # the class keeps the default, as dataclass does
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
    cls.__dataclass_fields__ = fields  # type: ignore[attr-defined]
    cls.__dataclass_params__ = _PARAMS  # type: ignore[attr-defined]
    if "__match_args__" not in cls.__dict__:
        cls.__match_args__ = tuple(  # type: ignore[attr-defined]
            spec.name for spec in fields.values() if spec.init and not spec.kw_only
        )
    return _with_slots(cls, tuple(fields)) if slots else cls


def _is_class_variable(annotation: object) -> bool:
    if isinstance(annotation, str):  # `from __future__ import annotations`, as the core writes
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return annotation is ClassVar or get_origin(annotation) is ClassVar


def _own_field(cls: type, name: str, annotation: object, kw_only: bool) -> dataclasses.Field[Any]:
    default = cls.__dict__.get(name, _MISSING)
    is_field = isinstance(default, dataclasses.Field)
    spec = default if is_field else dataclasses.field(default=default)
    if spec.default is not _MISSING and spec.default.__class__.__hash__ is None:
        raise ValueError(
            f"mutable default {type(spec.default)} for field {name} is not allowed: use "
            "default_factory"
        )
    spec.name = name
    spec.type = annotation
    spec._field_type = _FIELD  # type: ignore[attr-defined]
    if spec.kw_only is _MISSING:
        spec.kw_only = kw_only
    return spec


def _with_slots(cls: _T, names: tuple[str, ...]) -> _T:
    """A new class as `cls`, with a slot for each field its bases have no slot for."""
    inherited: set[str] = set()
    for base in cls.__mro__[1:-1]:
        declared = base.__dict__.get("__slots__", ())
        inherited.update((declared,) if isinstance(declared, str) else declared)
    body = dict(cls.__dict__)
    body["__slots__"] = tuple(name for name in names if name not in inherited)
    for name in (*names, "__dict__", "__weakref__"):
        body.pop(name, None)
    made = type(cls)(cls.__name__, cls.__bases__, body)
    made.__qualname__ = cls.__qualname__
    return made  # type: ignore[return-value]


def _check_order(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """A positional field without a default cannot follow one with a default."""
    defaulted = None
    for spec in fields:
        if not spec.init or spec.kw_only:
            continue
        if spec.default is not _MISSING or spec.default_factory is not _MISSING:
            defaulted = spec.name
        elif defaulted is not None:
            raise TypeError(
                f"{cls.__qualname__}: non-default argument {spec.name!r} follows default "
                f"argument {defaulted!r}"
            )


class _CompiledOnFirstUse:
    """A class's `__init__`, compiled when first looked up (the first instance, or
    introspection) and then put on the class in its place: a command defines about a
    hundred classes and makes instances of a few dozen, and compiling an `__init__` costs
    more than defining the class."""

    def __init__(self, cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> None:
        self._cls = cls
        self._fields = fields

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        init = self._cls.__dict__.get("__init__")
        if init is self:  # not compiled yet (another thread may have done it meanwhile)
            init = _init(self._cls, self._fields)
            type.__setattr__(self._cls, "__init__", init)
        return init if instance is None else init.__get__(instance, owner)


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
        if "__setattr__" in own or "__delattr__" in own:
            raise TypeError(f"{cls.__qualname__}: a frozen class cannot define its own setattr")
        made = _dataclass_shape(cls, slots=slots, kw_only=kw_only)
        fields = tuple(made.__dataclass_fields__.values())
        documented = made.__dict__.get("__doc__") is not None
        _check_order(made, fields)  # at definition, as dataclass does, not at first use
        made.__init__ = _CompiledOnFirstUse(made, fields)
        if not documented:
            made.__doc__ = made.__name__ + "(" + ", ".join(spec.name for spec in fields) + ")"
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
        if slots:  # pickling and copying cannot go through the frozen __setattr__
            for name, method in _SLOTTED.items():
                if name not in cls.__dict__:
                    setattr(made, name, method)
        return made

    return make if cls is None else make(cls)
