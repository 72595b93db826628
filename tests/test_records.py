"""`casetui.records.NamedTuple` makes what `typing.NamedTuple` makes, and refuses the same."""

from __future__ import annotations

import pickle
import typing

import pytest

from casetui import records


def _made(base: type) -> type:
    class Problem(base):  # type: ignore[valid-type, misc]
        """Something that does not match."""

        case_id: str
        event_id: int | None = None
        what: str = ""

        def __str__(self) -> str:
            return f"{self.case_id}: {self.what}"

        @property
        def whole(self) -> bool:
            return self.event_id is None

    return Problem


Ours = _made(records.NamedTuple)
Theirs = _made(typing.NamedTuple)


def test_the_same_class_as_typing_makes() -> None:
    for attribute in ("_fields", "_field_defaults", "__doc__", "__module__"):
        assert getattr(Ours, attribute) == getattr(Theirs, attribute), attribute
    # The annotations stay as written (typing's are ForwardRefs): they resolve the same.
    assert typing.get_type_hints(Ours) == typing.get_type_hints(Theirs)
    assert Ours.__qualname__ == Theirs.__qualname__ and Ours.__mro__[1:] == Theirs.__mro__[1:]
    ours, theirs = Ours("C-1", what="gone"), Theirs("C-1", what="gone")
    assert tuple(ours) == tuple(theirs) == ("C-1", None, "gone")
    assert ours == theirs and hash(ours) == hash(theirs)  # tuples, as typing's are
    assert str(ours) == "C-1: gone" and ours.whole and repr(ours).startswith("Problem(case_id=")
    assert ours._replace(event_id=3) == ("C-1", 3, "gone") and ours._asdict()["what"] == "gone"
    with pytest.raises(AttributeError):
        ours.what = "x"  # type: ignore[misc]


def test_a_record_pickles_by_its_module_and_name() -> None:
    from casetui.store.chain import ChainProblem

    problem = ChainProblem("C-2026-0001", 3, "was changed")
    assert pickle.loads(pickle.dumps(problem)) == problem
    assert type(pickle.loads(pickle.dumps(problem))) is ChainProblem


@pytest.mark.parametrize("base", [records.NamedTuple, typing.NamedTuple])
def test_what_typing_refuses_is_refused(base: type) -> None:
    with pytest.raises(TypeError, match="Non-default namedtuple field b cannot follow default"):

        class Wrong(base):  # type: ignore[valid-type, misc]
            a: int = 0
            b: int

    with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):

        class Overwrites(base):  # type: ignore[valid-type, misc]
            a: int

            def _replace(self) -> None: ...
