"""`list` and `agenda` read index rows and print with orjson: they must say, byte for byte,
what folding every case and `json.dump` said before."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from casetui.agenda import AgendaItem
from casetui.cli.common import _json_default
from casetui.cli.views import agenda_json_items, summary_json
from casetui.demo import write_demo
from casetui.errors import InputError
from casetui.ledger import Ledger
from casetui.model import Customer, Note, Payment, Promise
from tests.support import TODAY, customer, eur, opened

from .helpers import DAY, cli

HOSTILE = 'ACME [/] \x1b[2J "quoted" é😀 \u2028 back\\slash'


def agenda_json(item: AgendaItem, customer: Customer) -> dict[str, object]:
    """What `agenda --json` says of an item, from its folded case (the reference)."""
    data = summary_json(item.case, customer.name, item.today, item.reason)
    data["reason"] = item.reason
    data["score"] = item.score
    data["score_parts"] = [{"points": p.points, "why": p.why} for p in item.parts]
    return data


def _dumped(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    path = tmp_path / "ledger.json"
    with Ledger.open(path, backup=False) as ledger:
        write_demo(ledger, 80, seed=3, today=TODAY, extra_events=2)
        first = ledger.rows()[0]
        ledger.update_customer(replace(ledger.customer(first.customer_id), name=HOSTILE))
        ledger.append(first.id, Note(date=TODAY, text=HOSTILE))
    return path


@pytest.mark.parametrize("days", [0, 30])
def test_list_says_what_the_folded_cases_say(
    db: Path, capsys: pytest.CaptureFixture[str], days: int
) -> None:
    today = date.fromordinal(TODAY.toordinal() + days)
    code, out, _ = cli(capsys, db, "list", "--all", "--json", today=today.isoformat())
    with Ledger.open(db, readonly=True) as ledger:
        states = sorted(ledger.cases(), key=lambda s: (s.due, s.id))
        expected = [summary_json(s, ledger.customer(s.customer_id).name, today) for s in states]
    assert code == 0 and out == _dumped(expected)


@pytest.mark.parametrize("days", [0, 30])
def test_the_agenda_says_what_the_folded_cases_say(
    db: Path, capsys: pytest.CaptureFixture[str], days: int
) -> None:
    today = date.fromordinal(TODAY.toordinal() + days)
    code, out, _ = cli(capsys, db, "agenda", "--json", today=today.isoformat())
    with Ledger.open(db, readonly=True) as ledger:
        expected = [
            agenda_json(i, ledger.customer(i.case.customer_id)) for i in ledger.agenda(today)
        ]
    assert code == 0 and out == _dumped(expected) and len(expected) > 10


@pytest.mark.parametrize("days", [0, 30, 400, 4000])
def test_the_agenda_in_one_pass_says_what_each_item_says(db: Path, days: int) -> None:
    """`agenda_json_items` (from the rows' fields, words of shared actions made once) gives
    the dicts `agenda_json` gives item by item from folded cases, on days when promises
    have broken, deadlines passed and, years on, limitation warnings fall due."""
    today = date.fromordinal(TODAY.toordinal() + days)
    with Ledger.open(db, readonly=True) as ledger:
        quick = list(agenda_json_items(ledger.agenda_rows(today), ledger.customer_name))
        folded = [agenda_json(i, ledger.customer(i.case.customer_id)) for i in ledger.agenda(today)]
    assert quick == folded and len(quick) > 10


def test_the_agenda_names_a_customer_by_the_name_they_have_now(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows keep the customer's name: a new name rewrites the rows of their open cases,
    and undoing it rewrites them back."""
    with Ledger.open(db) as ledger:
        item = ledger.agenda_rows(TODAY)[0]
        old = ledger.customer(item.case.customer_id)
        ledger.update_customer(replace(old, name="Renamed \u2028 BV"))
    names = {i["id"]: i["customer"] for i in json.loads(cli(capsys, db, "agenda", "--json")[1])}
    assert names[item.case.id] == "Renamed \u2028 BV"
    with Ledger.open(db) as ledger:
        ledger.undo_customer(old.id, TODAY)
    names = {i["id"]: i["customer"] for i in json.loads(cli(capsys, db, "agenda", "--json")[1])}
    assert names[item.case.id] == old.name


def test_a_customer_name_is_the_customer_s_name(db: Path) -> None:
    with Ledger.open(db, readonly=True) as ledger:
        customers = ledger.customers()
        assert [ledger.customer_name(c.id) for c in customers] == [c.name for c in customers]
        assert HOSTILE in {c.name for c in customers}
        with pytest.raises(InputError):
            ledger.customer_name("CUS-9999")


def test_the_agenda_in_one_pass_puts_the_amount_before_the_promises_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case with promises broken before the current one (the demo has none) and one with
    nothing owed: `agenda_json_items` gives their score parts in `score_parts`' order."""
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    path = tmp_path / "ledger.json"
    promise = eur("100.00")
    with Ledger.open(path, backup=False) as ledger:
        first = ledger.open_case(opened(invoice="F-1"), new_customer=customer("One")).id
        for made, by in ((date(2026, 11, 1), date(2026, 11, 3)), (date(2026, 11, 5), DAY)):
            ledger.append(first, Promise(date=made, amount=promise, by=by))
        paid = ledger.open_case(opened(invoice="F-2"), new_customer=customer("Two")).id
        ledger.append(paid, Payment(date=DAY, amount=eur("1250.00")))
    today = date(2026, 11, 23)
    with Ledger.open(path, readonly=True) as ledger:
        items = ledger.agenda(today)
        quick = list(agenda_json_items(ledger.agenda_rows(today), ledger.customer_name))
        folded = [agenda_json(i, ledger.customer(i.case.customer_id)) for i in items]
    assert quick == folded
    whys = {item["id"]: [part["why"] for part in item["score_parts"]] for item in quick}
    assert whys[first][-2:] == ["1,250.00 outstanding", "1 promises broken before"]
    assert not any("outstanding" in why for why in whys[paid])


@pytest.mark.parametrize("count", [0, 1, 999, 1000, 1001, 2500])
def test_items_made_as_they_are_dumped_print_as_the_whole_list_would(
    count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """`print_json_items` takes a generator a slice at a time (what `agenda --json` hands
    it): the text is `json.dump`'s of the whole list, whatever the count and the slices."""
    from casetui.cli.common import print_json_items

    items = [{"id": f"C-{n}", "why": HOSTILE, "n": n, "parts": [{"p": n}]} for n in range(count)]
    print_json_items(iter(items))
    assert capsys.readouterr().out == _dumped(items)


def test_items_that_fail_half_way_leave_nothing_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A value that cannot be written, after slices were dumped already: nothing is
    printed (everything is dumped before anything is written), and the error is raised."""
    from casetui.cli.common import print_json_items

    def items() -> object:
        for n in range(2500):
            yield {"n": n} if n != 2100 else {"n": object()}

    with pytest.raises(TypeError, match="not JSON serializable"):
        print_json_items(items())  # type: ignore[arg-type]
    assert capsys.readouterr().out == ""
