"""`casetui.values.frozen` behaves as `@dataclass(frozen=True)` does, methods written once."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import ClassVar

import pytest

from casetui import model
from casetui.money import Money
from casetui.values import frozen


@frozen
class Point:
    x: int
    y: int = 0


@frozen
class OtherPoint:
    x: int
    y: int = 0


@frozen(slots=True, kw_only=True)
class Labelled:
    name: str
    secret: str = dataclasses.field(default="", repr=False)
    cache: int = dataclasses.field(default=0, compare=False)


@frozen(slots=True, kw_only=True)
class Child(Labelled):
    extra: str = ""


@frozen
class OwnRepr:
    x: int

    def __repr__(self) -> str:
        return "mine"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Generated:
    name: str
    secret: str = dataclasses.field(default="", repr=False)
    cache: int = dataclasses.field(default=0, compare=False)


def test_equal_when_the_same_class_with_equal_fields() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != OtherPoint(1, 2)  # another class, the same fields
    assert Point(1) != (1, 0)


def test_hash_follows_equality_and_sets_work() -> None:
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2


def test_compare_and_repr_flags_are_honoured_as_dataclass_does() -> None:
    ours = Labelled(name="a", secret="hunter2", cache=1)
    generated = Generated(name="a", secret="hunter2", cache=1)
    assert repr(ours) == repr(generated).replace("Generated", "Labelled")
    assert "hunter2" not in repr(ours)
    assert ours == Labelled(name="a", secret="hunter2", cache=2)  # cache is not compared
    assert ours != Labelled(name="a", secret="other")
    assert hash(ours) == hash(Labelled(name="a", secret="hunter2", cache=2))


def test_a_subclass_compares_its_own_fields_and_never_equals_its_base() -> None:
    child = Child(name="a", extra="x")
    assert child == Child(name="a", extra="x")
    assert child != Child(name="a", extra="y")
    assert child != Labelled(name="a")
    assert repr(child) == "Child(name='a', cache=0, extra='x')"


def test_a_method_the_class_writes_itself_is_kept() -> None:
    assert repr(OwnRepr(1)) == "mine"


def test_frozen_slotted_picklable_and_copyable() -> None:
    point = Point(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 3  # type: ignore[misc]
    labelled = Labelled(name="a")
    with pytest.raises((AttributeError, TypeError)):
        labelled.other = 1  # type: ignore[attr-defined]
    assert pickle.loads(pickle.dumps(labelled)) == labelled
    assert copy.deepcopy(point) == point
    assert dataclasses.replace(point, y=5) == Point(1, 5)


def test_the_model_events_compare_and_show_by_their_fields() -> None:
    payment = model.Payment(date=date(2026, 11, 2), amount=Money(Decimal("10.00"), "EUR"))
    assert payment == model.Payment(date=date(2026, 11, 2), amount=Money(Decimal("10.00"), "EUR"))
    assert payment != model.Payment(date=date(2026, 11, 3), amount=Money(Decimal("10.00"), "EUR"))
    assert repr(payment).startswith("Payment(id=0, date=datetime.date(2026, 11, 2), ")


@frozen
class OwnEquality:
    x: int
    note: str = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OwnEquality) and self.x == other.x


def test_a_class_with_its_own_eq_is_still_hashed_by_its_fields_as_dataclass_does() -> None:
    assert OwnEquality(1, "a") == OwnEquality(1, "b")
    assert hash(OwnEquality(1, "a")) == hash((1, "a"))


def _made(decorate: Callable[[type], type]) -> type:
    """The same class body, made by `decorate`: ours and dataclass's side by side."""

    class Made:
        name: str
        tags: tuple[str, ...] = ()
        items: list[int] = dataclasses.field(default_factory=list)
        checked: bool = dataclasses.field(default=False, init=False)

        def __post_init__(self) -> None:
            if not self.name:
                raise ValueError("a name is needed")
            object.__setattr__(self, "checked", True)

    return decorate(Made)


Made = _made(frozen)
MadeByDataclass = _made(dataclasses.dataclass(frozen=True))


@pytest.mark.parametrize("made", [Made, MadeByDataclass])
def test_init_takes_defaults_factories_and_post_init_as_dataclass_does(made: type) -> None:
    import inspect

    assert str(inspect.signature(made)) == str(inspect.signature(MadeByDataclass))
    first, second = made("a"), made("b", ("x",), [1])
    assert (first.name, first.tags, first.items, first.checked) == ("a", (), [], True)
    assert (second.tags, second.items) == (("x",), [1])
    assert made("c").items is not made("d").items  # a fresh list each time
    with pytest.raises(ValueError, match="a name is needed"):
        made("")
    with pytest.raises(TypeError):
        made()  # the required field is required
    with pytest.raises(TypeError):
        made("a", checked=True)  # an init=False field is no parameter


def test_keyword_only_fields_are_keyword_only_and_inherited_in_order() -> None:
    with pytest.raises(TypeError):
        Labelled("a")  # type: ignore[misc]
    child = Child(extra="x", name="a")
    assert [spec.name for spec in dataclasses.fields(child)] == ["name", "secret", "cache", "extra"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del child.name
    assert copy.copy(child) == child


def test_init_is_compiled_when_first_used_and_then_is_a_plain_function() -> None:
    import inspect

    from casetui.values import _CompiledOnFirstUse

    @frozen
    class Late:
        a: int
        b: str = "x"

    class Plain(Late):  # not @frozen: inherits the parent's __init__
        pass

    assert isinstance(Late.__dict__["__init__"], _CompiledOnFirstUse)
    assert Plain(1).b == "x" and Plain(1) == Plain(1)  # compiles the parent's, on the parent
    assert inspect.isfunction(Late.__dict__["__init__"]) and "__init__" not in Plain.__dict__
    assert Late(2, "y") == Late(a=2, b="y")

    @frozen
    class Asked:
        a: int

    assert str(inspect.signature(Asked)) == "(a: 'int') -> None"  # introspection compiles it
    assert inspect.isfunction(Asked.__dict__["__init__"])
    with pytest.raises(TypeError):
        Asked()  # type: ignore[call-arg]


def test_a_field_without_default_after_one_with_is_refused_at_definition() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument 'a'"):

        @frozen
        class Wrong:
            a: int = 0
            b: int

    @frozen(kw_only=True)
    class Fine:  # keyword-only fields may come in any order
        a: int = 0
        b: int

    assert Fine(b=1).a == 0


def _shaped(decorate: Callable[[type], type]) -> tuple[type, type]:
    """A base and a subclass with class variables, Field defaults and slots, by `decorate`."""

    class Base:
        LIMIT: ClassVar[int] = 3
        name: str
        size: int = dataclasses.field(default=1, compare=False)

    based = decorate(Base)

    class Sub(based):  # type: ignore[valid-type, misc]
        kind: ClassVar[str] = "sub"
        extra: tuple[str, ...] = ()
        notes: list[str] = dataclasses.field(default_factory=list, repr=False)

    return based, decorate(Sub)


@pytest.mark.parametrize("slots", [False, True])
def test_fields_slots_and_helpers_are_dataclasss_own(slots: bool) -> None:
    """`@frozen` collects fields and lays out slots itself: `fields`, `asdict`, `replace`,
    `__match_args__`, class attributes and slots come out as `dataclass` makes them."""
    ours_base, ours = _shaped(frozen(slots=slots))
    theirs_base, theirs = _shaped(dataclasses.dataclass(frozen=True, slots=slots))
    shape = [
        (f.name, f.type, f.default, f.compare, f.repr, f.kw_only)
        for f in dataclasses.fields(theirs)
    ]
    assert [
        (f.name, f.type, f.default, f.compare, f.repr, f.kw_only) for f in dataclasses.fields(ours)
    ] == shape
    assert dataclasses.is_dataclass(ours) and ours.__match_args__ == theirs.__match_args__
    assert ours.__dict__.get("__slots__") == theirs.__dict__.get("__slots__")
    size, their_size = (base.__dict__.get("size", "none") for base in (ours_base, theirs_base))
    assert type(size) is type(their_size)  # the default 1 on the class, or a slot's member
    assert size == their_size or not isinstance(size, int)
    assert ours.LIMIT == 3 and ours.kind == "sub" and ours.__qualname__ == theirs.__qualname__
    value = ours("a", 2, ("x",), ["n"])
    assert dataclasses.asdict(value) == dataclasses.asdict(theirs("a", 2, ("x",), ["n"]))
    assert dataclasses.replace(value, name="b") == ours("b", 2, ("x",), ["n"])
    assert hasattr(value, "__dict__") is (not slots)
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.name = "c"  # type: ignore[misc]


def test_what_dataclass_refuses_is_refused() -> None:
    with pytest.raises(ValueError, match="mutable default <class 'list'> for field items"):

        @frozen
        class Mutable:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError, match="is a field but has no type annotation"):

        @frozen
        class Unannotated:
            items = dataclasses.field(default=0)
