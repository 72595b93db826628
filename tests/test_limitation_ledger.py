"""Limitation on a case: every worked example of domain/LIMITATION.md through the ledger, as a
user records it on the command line (`add`, `log`, `edit`, then `show --json`).

The calculator side of the same examples is tests/law/test_limitation_examples.py. These go
through `casetui.cli.main` in-process (the code path of `python -m casetui`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from casetui.cli import main
from casetui.cli.common import business_profile

ISSUED = "2000-01-01"


@dataclass
class Desk:
    """A ledger and a config folder; `run` is one casetui command on a given day."""

    db: Path
    capsys: pytest.CaptureFixture[str]

    def run(self, *argv: str, today: str = "2026-01-10") -> tuple[int, str, str]:
        business_profile.cache_clear()  # each command reads the profile, as a new process
        code = main(["--db", str(self.db), "--today", today, *argv])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *argv: str, today: str = "2026-01-10") -> str:
        code, out, err = self.run(*argv, today=today)
        assert code == 0, err
        return out

    def setup(self, country: str, *extra: str) -> None:
        self.ok("setup", "--name", "Studio Noord", "--country", country, *extra)

    def add(self, customer: str, due: str, *extra: str, issued: str = "") -> str:
        return self.ok(
            "add", "--customer", customer, "--invoice", f"F-{due}", "--amount", "1000",
            "--issued", issued or due, "--due", due, *extra,
        ).strip()  # fmt: skip

    def limitation(self, case_id: str, today: str = "2026-01-10") -> dict[str, Any]:
        data = json.loads(self.ok("show", case_id, "--json", today=today))
        assert data["limitation"] is not None, data.get("limitation_error")
        return data["limitation"]


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Desk:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CASETUI_DB", raising=False)
    return Desk(tmp_path / "ledger.json", capsys)


# --------------------------------------------------------------------------- NL


def test_nl1_nl2_a_demand_counts_from_its_receipt(desk: Desk) -> None:
    desk.setup("NL")
    case = desk.add("Bakkerij Van Dijk B.V.", "2021-03-15", "--country", "NL")
    found = desk.limitation(case)
    assert (found["last_day"], found["article"]) == ("2026-03-15", "art. 3:307 BW")  # NL-1
    assert found["basis"][0] == (
        "Governing law: Dutch law, your country (Rome I art. 4: the seller's or provider's law)"
    )
    # NL-2b: sent, receipt not recorded: a risk, not an interruption
    desk.ok("log", case, "letter", "--kind", "formal-notice", "--channel", "post",
            "--date", "2023-05-30")  # fmt: skip
    found = desk.limitation(case)
    assert found["last_day"] == "2026-03-15"
    assert any("no recorded receipt" in risk for risk in found["risks"])
    # NL-2: the receipt recorded afterwards: 5 years from it
    desk.ok("log", case, "received", "--date", "2023-06-01", "--evidence", "track and trace")
    found = desk.limitation(case)
    assert (found["last_day"], found["article"]) == ("2028-06-01", "art. 3:319 BW")
    assert not any("receipt" in risk for risk in found["risks"])
    assert any("3:317" in line and "2028-06-01" in line for line in found["basis"])


def test_nl2_received_given_with_the_letter(desk: Desk) -> None:
    desk.setup("NL")
    case = desk.add("Groen B.V.", "2021-03-15", "--country", "NL")
    desk.ok("log", case, "letter", "--kind", "reminder", "--channel", "email", "--date",
            "2023-06-01", "--received", "2023-06-01")  # fmt: skip
    assert desk.limitation(case)["last_day"] == "2028-06-01"


def test_nl3_nl4_consumer_goods_two_years_services_five(desk: Desk) -> None:
    desk.setup("NL")
    tv = desk.add("Emma de Vries", "2022-09-30", "--country", "NL", "--kind", "consumer",
                  "--claim", "goods")  # fmt: skip
    found = desk.limitation(tv, today="2024-01-10")
    assert (found["last_day"], found["article"]) == ("2024-09-30", "art. 7:28 BW")
    assert found["basis"][0].endswith("the consumer's country (Rome I art. 6)")
    assert found["interest"]["last_day"] <= "2024-09-30"  # 3:312: no later than the price
    plumber = desk.add("Daan Jansen", "2022-09-30", "--country", "NL", "--kind", "consumer",
                       "--claim", "services")  # fmt: skip
    assert desk.limitation(plumber, today="2024-01-10")["last_day"] == "2027-09-30"


def test_a_consumer_case_without_a_claim_kind_is_taken_as_goods(desk: Desk) -> None:
    desk.setup("NL")
    case = desk.add("Sanne Bakker", "2022-09-30", "--country", "NL", "--kind", "consumer")
    found = desk.limitation(case, today="2024-01-10")
    assert found["last_day"] == "2024-09-30"
    assert any("taken as goods" in risk for risk in found["risks"])
    desk.ok("edit", case, "--claim", "services", today="2024-01-10")
    assert desk.limitation(case, today="2024-01-10")["last_day"] == "2027-09-30"


def test_nl5b_a_bare_part_payment_keeps_the_date(desk: Desk) -> None:
    desk.setup("NL")
    case = desk.add("Het Anker V.O.F.", "2021-03-15", "--country", "NL")
    desk.ok("log", case, "payment", "100", "--date", "2024-02-10")
    found = desk.limitation(case)
    assert found["last_day"] == "2026-03-15"
    assert any("3:317" in risk for risk in found["risks"])


@pytest.mark.parametrize(
    ("due", "expected"), [("2020-02-29", "2025-02-28"), ("2019-02-28", "2024-02-28")]
)
def test_nl6_nl7_the_anniversary_rule(desk: Desk, due: str, expected: str) -> None:
    desk.setup("NL")
    case = desk.add("De Molen B.V.", due, "--country", "NL")
    assert desk.limitation(case, today="2023-01-10")["last_day"] == expected


# --------------------------------------------------------------------------- BE


def test_be1_be2_be2c_only_the_lawyers_notice_counts(desk: Desk) -> None:
    desk.setup("BE")
    case = desk.add("Drukkerij Vermeulen BV", "2016-04-30", "--country", "BE")
    assert desk.limitation(case)["last_day"] == "2026-04-30"  # BE-1
    desk.ok("log", case, "letter", "--kind", "formal-notice", "--channel", "registered",
            "--date", "2025-12-01")  # fmt: skip
    assert desk.limitation(case)["last_day"] == "2026-04-30"  # BE-2c: your own letter
    desk.ok("log", case, "handover", "--to", "lawyer", "--name", "Mr Maes", today="2026-02-01")
    found = desk.limitation(case, today="2026-02-01")
    assert any("handed over to a lawyer" in risk for risk in found["risks"])
    desk.ok("log", case, "letter", "--kind", "formal-notice", "--channel", "registered",
            "--from", "lawyer", "--date", "2026-02-10", today="2026-02-11")  # fmt: skip
    found = desk.limitation(case, today="2026-02-11")
    assert (found["last_day"], found["article"]) == ("2027-02-10", "art. 2244 §2")  # BE-2
    assert "summon" in found["advice"]


def test_be3_the_presumption_in_front_of_ten_years(desk: Desk) -> None:
    desk.setup("BE")
    sofa = desk.add("Jan Peeters", "2024-03-20", "--country", "BE", "--kind", "consumer",
                    "--claim", "goods")  # fmt: skip
    found = desk.limitation(sofa, today="2024-06-01")
    assert (found["last_day"], found["hard_last_day"], found["kind"]) == (
        "2025-03-20", "2034-03-20", "presumptive",
    )  # fmt: skip
    assert found["also"][0]["day"] == "2025-12-31"  # Law of 1 May 1913 art. 5


def test_be4_periodic_invoices_have_five_years(desk: Desk) -> None:
    desk.setup("BE")
    case = desk.add("Brasserie De Klok BV", "2021-01-31", "--country", "BE", "--claim",
                    "periodic")  # fmt: skip
    found = desk.limitation(case)
    assert (found["last_day"], found["article"]) == ("2026-01-31", "art. 2277 old Civil Code")


def test_be5_be6_a_court_claim(desk: Desk) -> None:
    desk.setup("BE")
    case = desk.add("Garage Meuse SRL", "2016-04-30", "--country", "BE")
    desk.ok("log", case, "court-claim", "--date", "2025-06-02", "--court",
            "Ondernemingsrechtbank Gent", today="2025-06-02")  # fmt: skip
    found = desk.limitation(case, today="2025-06-02")
    assert found["interest"]["lost_before"] == "2020-06-02"  # BE-5
    assert found["last_day"] == "2035-06-02"
    ios = desk.add("Atelier Lumière SA", "2022-05-15", "--country", "BE")
    desk.ok("log", ios, "court-claim", "--date", "2025-10-01", "--note", "IOS summons served")
    assert desk.limitation(ios)["last_day"] == "2035-10-01"  # BE-6


# --------------------------------------------------------------------------- England & Wales


def test_ew1_ew2_from_delivery_and_a_part_payment(desk: Desk) -> None:
    desk.setup("GB")
    case = desk.add("Kestrel Joinery Ltd", "2019-05-31", "--country", "GB", "--currency", "GBP",
                    "--delivered", "2019-05-01", issued="2019-05-01")  # fmt: skip
    found = desk.limitation(case, today="2021-01-10")
    assert (found["last_day"], found["from_is"]) == ("2025-05-01", "delivered")  # EW-1
    assert found["last_day"] != "2025-05-31"  # EW-1b: the due date is not the accrual date
    desk.ok("log", case, "payment", "50", "--date", "2022-01-10", today="2022-01-10")
    assert desk.limitation(case, today="2022-02-01")["last_day"] == "2028-01-10"  # EW-2


def test_ew3b_ew4_ew6_nothing_unsigned_stops_time(desk: Desk) -> None:
    desk.setup("GB")
    case = desk.add("Willow Design LLP", "2019-05-31", "--country", "GB", "--currency", "GBP",
                    "--delivered", "2019-05-01", issued="2019-05-01")  # fmt: skip
    desk.ok("log", case, "ack", "--form", "oral", "--date", "2023-03-15", today="2024-12-02")
    desk.ok("log", case, "letter", "--kind", "formal-notice", "--channel", "post", "--date",
            "2024-12-01", today="2024-12-02")  # fmt: skip
    found = desk.limitation(case, today="2024-12-02")
    assert found["last_day"] == "2025-05-01"  # EW-3b, EW-4
    consumer = desk.add("Isla Brown", "2019-05-31", "--country", "GB", "--currency", "GBP",
                        "--kind", "consumer", "--delivered", "2019-05-01",
                        issued="2019-05-01")  # fmt: skip
    found = desk.limitation(consumer, today="2024-12-02")
    assert found["last_day"] == "2025-05-01"  # EW-6
    assert found["basis"][0].endswith("the consumer's country (Rome I art. 6)")


def test_ew_without_a_delivery_date_counts_from_the_invoice_and_says_so(desk: Desk) -> None:
    desk.setup("GB")
    case = desk.add("Ashby Print Ltd", "2019-05-31", "--country", "GB", "--currency", "GBP",
                    issued="2019-05-01")  # fmt: skip
    found = desk.limitation(case, today="2021-01-10")
    assert (found["last_day"], found["from_is"]) == ("2025-05-01", "invoice date")
    assert any("delivery or completion" in risk for risk in found["risks"])
    desk.ok("edit", case, "--delivered", "2019-04-20", today="2021-01-10")
    assert desk.limitation(case, today="2021-01-10")["last_day"] == "2025-04-20"


# --------------------------------------------------------------------------- Scotland


def test_sc1_sc4_sc5_scots_law_set_on_the_customer(desk: Desk) -> None:
    desk.setup("GB")
    case = desk.add("Thistle & Oak Ltd", "2019-05-31", "--country", "GB", "--currency", "GBP")
    out = desk.ok("edit", case, "--customer-limitation-law", "scot", today="2024-03-02")
    assert "limitation law scot" in out
    found = desk.limitation(case, today="2024-03-02")
    assert (found["last_day"], found["kind"]) == ("2024-05-31", "extinctive")  # SC-1
    desk.ok("log", case, "letter", "--kind", "formal-notice", "--channel", "post", "--from",
            "lawyer", "--date", "2024-03-01", today="2024-03-02")  # fmt: skip
    assert desk.limitation(case, today="2024-03-02")["last_day"] == "2024-05-31"  # SC-4
    desk.ok("log", case, "ack", "--form", "written", "--note", "How do I pay this?",
            "--date", "2023-09-04", today="2024-03-02")  # fmt: skip
    assert desk.limitation(case, today="2024-03-02")["last_day"] == "2028-09-04"  # SC-5


def test_a_scottish_business_sets_its_own_law_in_the_profile(desk: Desk) -> None:
    desk.setup("GB", "--limitation-law", "scot")
    case = desk.add("Foxglove Catering Ltd", "2019-05-31", "--country", "GB", "--currency",
                    "GBP")  # fmt: skip
    assert desk.limitation(case, today="2020-01-10")["law"] == "scot"


# --------------------------------------------------------------------------- law, settings


def test_the_governing_law_case_over_customer_over_rome_i(desk: Desk) -> None:
    desk.setup("BE")
    dutch = desk.add("Reclamebureau Bosman B.V.", "2021-03-15", "--country", "NL")
    assert desk.limitation(dutch)["law"] == "be"  # B2B: the seller's law (art. 4)
    desk.ok("edit", dutch, "--customer-limitation-law", "nl")
    assert desk.limitation(dutch)["law"] == "nl"
    desk.ok("edit", dutch, "--limitation-law", "ew")
    assert desk.limitation(dutch)["law"] == "ew"
    desk.ok("edit", dutch, "--limitation-law", "auto")
    assert desk.limitation(dutch)["law"] == "nl"
    code, _, err = desk.run("edit", dutch, "--limitation-law", "gb")
    assert code == 2 and "England and Wales is ew" in err


def test_no_country_anywhere_says_how_to_set_the_law(desk: Desk) -> None:
    case = desk.add("Nobody Knows", "2021-03-15")
    data = json.loads(desk.ok("show", case, "--json"))
    assert data["limitation"] is None
    assert "governing law is not known" in data["limitation_error"]
    assert "Limitation not estimated" in desk.ok("show", case)


def test_show_prints_the_date_the_advice_and_the_caveat(desk: Desk) -> None:
    desk.setup("NL")
    case = desk.add("Kapsalon Noorderlicht V.O.F.", "2021-03-15", "--country", "NL")
    text = desk.ok("show", case)
    assert "Limitation 2026-03-15 (art. 3:307 BW): may be time-barred from 2026-03-16" in text
    assert "to keep it: send a written demand" in text
    assert "Estimated, conservative; take advice close to the date" in text


def test_the_export_shows_the_limitation_date(desk: Desk) -> None:
    desk.setup("NL")
    case = desk.add("Installatiebedrijf Smit B.V.", "2021-03-15", "--country", "NL")
    markdown = desk.ok("export", case)
    section = markdown.split("## Limitation (estimated, conservative)")[1].split("## Timeline")[0]
    assert "**2026-03-15** (art. 3:307 BW)" in section
    assert "Estimated, conservative; take advice close to the date" in section


def test_a_user_setting_overrides_an_unverified_point(desk: Desk, tmp_path: Path) -> None:
    desk.setup("NL")
    (tmp_path / "config" / "limitation.toml").write_text("[nl]\nstart_day_after_due = true\n")
    case = desk.add("Bakkerij Groen B.V.", "2021-03-15", "--country", "NL")
    assert desk.limitation(case)["last_day"] == "2026-03-16"


def test_a_broken_settings_file_is_one_clear_line(desk: Desk, tmp_path: Path) -> None:
    desk.setup("NL")
    (tmp_path / "config" / "limitation.toml").write_text("[nl]\nstart_day_after = true\n")
    code, out, err = desk.run("limitation", "--law", "nl", "--claim", "contract", "--from",
                              "2021-03-15")  # fmt: skip
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown setting 'start_day_after'" in err


# --------------------------------------------------------------------------- wrong input


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["received", "--date", "2026-01-01"], "no letter to the debtor without a recorded"),
        (["received", "--letter", "1", "--date", "2026-01-01"], "has no letter #1"),
        (["letter", "--kind", "reminder", "--channel", "email", "--date", "2025-12-01",
          "--received", "2025-11-30"],
         "--received: a letter sent on 2025-12-01 cannot have been received on 2025-11-30"),
        (["letter", "--kind", "reminder", "--channel", "email", "--received", "2026-02-01"],
         "--received: received 2026-02-01 is in the future"),
        (["ack", "--form", "maybe"], "invalid choice: 'maybe'"),
        (["promise", "100", "--by", "2026-02-01", "--signed", "--written"], "not allowed with"),
    ],
)  # fmt: skip
def test_wrong_limitation_entries_change_nothing(desk: Desk, argv: list[str], message: str):
    case = desk.add("Bosman B.V.", "2021-03-15", "--country", "NL")
    before = desk.ok("show", case, "--json")
    code, out, err = desk.run("log", case, *argv)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
    assert desk.ok("show", case, "--json") == before


def test_a_receipt_before_the_letter_is_refused(desk: Desk) -> None:
    case = desk.add("Van Acker NV", "2021-03-15", "--country", "BE")
    desk.ok("log", case, "letter", "--kind", "reminder", "--channel", "post", "--date",
            "2025-12-01")  # fmt: skip
    code, _, err = desk.run("log", case, "received", "--date", "2025-11-01")
    assert code == 2 and "cannot have been received on 2025-11-01" in err


def test_add_refuses_a_delivery_in_the_future_and_an_unknown_claim(desk: Desk) -> None:
    for extra, message in (
        (["--delivered", "2027-01-01"], "--delivered 2027-01-01 is in the future"),
        (["--claim", "software"], "--claim: one of goods, services, periodic"),
        (["--limitation-law", "fr"], "--limitation-law: one of be, nl, ew, scot"),
    ):
        code, out, err = desk.run(
            "add", "--customer", "X", "--invoice", "1", "--amount", "5", "--issued",
            "2025-01-01", "--due", "2025-02-01", *extra,
        )  # fmt: skip
        assert code == 2 and out == "" and message in err
    assert not desk.db.exists()


def test_hostile_text_in_limitation_entries_stays_text(desk: Desk) -> None:
    desk.setup("NL")
    case = desk.add("Bosman [/] <b>B.V.</b>", "2021-03-15", "--country", "NL")
    hostile = "[red]x[/] <script>alert(1)</script> | **bold** # h"
    desk.ok("log", case, "ack", "--form", "written", "--note", hostile)
    desk.ok("log", case, "court-claim", "--court", hostile, "--reference", "A|1")
    desk.ok("log", case, "letter", "--kind", "reminder", "--channel", "email")
    desk.ok("log", case, "received", "--evidence", hostile)
    markdown = desk.ok("export", case)
    assert "\\<script>" in markdown and "\n<script" not in markdown  # escaped, not HTML
    assert "\\*\\*bold\\*\\*" in markdown and "A\\|1" in markdown
    html = desk.ok("export", case, "--format", "html")
    assert "<script>" not in html
    found = desk.limitation(case)
    assert found["last_day"] == "2031-01-10"  # the written acknowledgment of today
