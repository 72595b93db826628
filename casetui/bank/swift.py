"""SWIFT MT940 statements, read with the `mt-940` package (BSD licence, no dependencies).

`mt940.parse_statements(text, options=mt940.Options.all())` is the only call that reads them
right: its default options give a reversal of a credit (`RC`) the sign of a credit, cut
`:86:` text after nine lines and let a `:86:` without `KREF` wipe the `:61:` customer
reference. The package logs what it cannot parse at ERROR level; its logger is silenced here
once and for all (a message would land on the app's screen or a script's stderr), and its
exceptions become one refusal that says where.

Before parsing, the text is put in the shape the package expects:
- the bytes 0x01/0x03 around some files (mBank), a byte-order mark and the SWIFT envelope
  (`{1:...}{2:...}{4:` ... `-}`) are dropped;
- inside an envelope (ING), a field can be cut anywhere, even in the middle of a number, so a
  line that does not start a field continues the one before it without a space;
- a `:86:` after the closing balance is about the statement (ING's `/SUM/`), not about its
  last transaction, and is dropped.

`:86:` texts are then read for the payer, the account, the reference and return codes, in
the layouts of the Dutch banks (`/EREF/`, `/CNTP/IBAN/BIC/name/`, `/REMI/USTD//text/`,
`/REMI/STRD/CUR/ref/`, `/RTRN/code/`), Knab (`REK: iban/NAAM: name`) and the German ZKA
fields (`?20`-`?29` purpose, `?31` IBAN, `?32`-`?33` name, `?34` return reason, GVC 159
"RETOURE"), which the package splits itself. Anything else is kept as free text.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from typing import Any

from casetui.bank.records import Balance, Entry, Statement
from casetui.importers.errors import FileRefused
from casetui.importers.text import squash

_LOG = logging.getLogger("mt940")
_LOG.addHandler(logging.NullHandler())
_LOG.propagate = False

_FIELD = re.compile(r":\d\d[A-Z]?:")
_CLOSING_FIELDS = (":62F:", ":62M:", ":64:", ":65:")
_SUPPLEMENT = re.compile(r"(:61:.*?//[^/\n]{1,16})(/.*)?", re.DOTALL)
_NL_TAGS = (
    "EREF", "PREF", "MARF", "CSID", "CNTP", "REMI", "RTRN", "ORDP", "BENM", "PURP", "ULTC",
    "ULTD", "TRTP", "IBAN", "BIC", "NAME", "ADDR", "ISDT", "FX", "EXCH", "CHGS", "SVCL", "ID",
)  # fmt: skip
_NL_TAG = re.compile(r"/(" + "|".join(_NL_TAGS) + r")/")
_KNAB = re.compile(r"REK:\s*([A-Z]{2}\d{2}[A-Z0-9]+)\s*/\s*NAAM:\s*(.+)", re.IGNORECASE)
_RETURN_GVC = {"159", "160", "109", "108"}  # German business codes of returned transfers/debits
_NO_REF = {"", "NONREF", "NOTPROVIDED"}


def _decode(data: bytes) -> str:
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("cp1252", errors="replace")
    return text.replace("\x01", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n")


def _unwrap_envelope(text: str) -> str:
    """The messages inside `{4:` ... `-}` blocks, with their cut lines joined again."""
    messages = []
    for block in re.findall(r"\{4:(.*?)\n?-\}", text, re.DOTALL):
        fields: list[str] = []
        for line in block.split("\n"):
            if _FIELD.match(line):
                fields.append(line)
            elif fields:
                fields[-1] += line
        joined = []
        for field in fields:
            if field.startswith(":61:"):
                # Give the supplementary details (`/TRCD/...`) their own line back.
                match = _SUPPLEMENT.fullmatch(field)
                if match and match[2]:
                    field = f"{match[1]}\n{match[2]}"
            joined.append(field)
        messages.append("\n".join(joined) + "\n-")
    return "\n".join(messages)


def normalise(text: str) -> str:
    """The text as `mt-940` expects it (see the module's notes)."""
    if "{4:" in text:
        text = _unwrap_envelope(text)
    lines: list[str] = []
    after_closing = False
    for line in text.split("\n"):
        if _FIELD.match(line):
            tag = line[: line.index(":", 1) + 1]
            if tag == ":86:" and after_closing:
                after_closing = True
                continue
            after_closing = tag in _CLOSING_FIELDS or (after_closing and tag != ":20:")
            if tag == ":20:":
                after_closing = False
        elif after_closing and not line.startswith("-"):
            continue  # the rest of a statement-level :86:
        lines.append(line)
    return "\n".join(lines)


def _where_in(text: str, fragment: str) -> str:
    first = fragment.strip().split("\n")[0][:30]
    if first:
        for number, line in enumerate(text.split("\n"), 1):
            if first in line:
                return f"line {number}: "
    return ""


def _parse(text: str, source: str) -> list[Any]:
    import mt940  # here: a tenth of a second that camt, CODA and CSV statements never need

    try:
        return list(mt940.parse_statements(text, options=mt940.Options.all()))
    except Exception as error:  # the package raises bare RuntimeError/ValueError/KeyError
        detail = error.args[0] if error.args else error
        fragment = error.args[2] if len(error.args) > 2 and isinstance(error.args[2], str) else ""
        message = squash(str(detail))[:160]
        where = _where_in(text, fragment)
        raise FileRefused(source, f"{where}not a readable MT940: {message}") from None


def _nl_fields(details: str) -> dict[str, str]:
    """`/EREF/x//CNTP/a/b/c///REMI/USTD//text/` -> {"EREF": "x", "CNTP": "a/b/c/", ...}."""
    flat = details.replace("\n", "")
    found: dict[str, str] = {}
    matches = list(_NL_TAG.finditer(flat))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(flat)
        found.setdefault(match[1], flat[match.end() : end])
    return found


def _from_nl(details: str) -> dict[str, Any]:
    fields = _nl_fields(details)
    if not fields:
        return {}
    result: dict[str, Any] = {"end_to_end": fields.get("EREF", "").strip("/")}
    party = fields.get("CNTP") or fields.get("ORDP") or fields.get("BENM") or ""
    if party:
        parts = party.split("/")
        result["iban"] = parts[0] if parts else ""
        result["payer"] = parts[2] if len(parts) > 2 else ""
    if "IBAN" in fields:
        result["iban"] = fields["IBAN"].strip("/")
    if "NAME" in fields:
        result["payer"] = fields["NAME"].strip("/")
    remittance = fields.get("REMI", "")
    if remittance.startswith("STRD/"):
        result["reference"] = remittance.rstrip("/").split("/")[-1]
    elif remittance.startswith("USTD/"):
        result["text"] = remittance.removeprefix("USTD/").strip("/")
    elif remittance:
        result["text"] = remittance.strip("/")
    if "RTRN" in fields:
        result["is_return"] = True
        result["return_reason"] = fields["RTRN"].strip("/")
    return result


def _entry(data: dict[str, Any], where: str, currency: str) -> Entry:
    amount = data["amount"]
    status = str(data.get("status") or "").upper()
    details = str(data.get("transaction_details") or "")
    found = _from_nl(details) if details.startswith("/") else {}
    knab = _KNAB.search(details)
    if found:
        text = found.get("text", "")
    elif details:
        text = squash(_KNAB.sub("", details)) if knab else squash(details)
    else:  # the package split a German ?xx text into fields
        keys = ("purpose", "additional_purpose", "posting_text")
        text = squash(" ".join(str(data[key]) for key in keys if data.get(key)))
    payer = found.get("payer") or squash(str(data.get("applicant_name") or ""))
    iban = found.get("iban") or str(data.get("applicant_iban") or "")
    if knab:
        iban, payer = iban or knab[1], payer or squash(knab[2])
    gvc = str(data.get("transaction_code") or "")
    german_return = gvc in _RETURN_GVC or str(data.get("posting_text") or "").upper() in (
        "RETOURE", "RUECKLASTSCHRIFT", "RÜCKLASTSCHRIFT",
    )  # fmt: skip
    customer_ref = str(data.get("customer_reference") or "")
    booked_on = data.get("entry_date") or data.get("guessed_entry_date") or data["date"]
    return Entry(
        where=where,
        booked_on=booked_on,
        value_date=data.get("date"),
        amount=Decimal(amount.amount),
        currency=str(amount.currency or currency),
        payer=payer,
        iban=iban.replace(" ", ""),
        reference=found.get("reference", ""),
        text=text,
        bank_ref=str(data.get("bank_reference") or ""),
        end_to_end=found.get("end_to_end", "")
        if found
        else ("" if customer_ref.upper() in _NO_REF else customer_ref),
        is_return=status in ("RC", "RD") or bool(found.get("is_return")) or german_return,
        return_reason=found.get("return_reason") or str(data.get("return_debit_notes") or ""),
    )


def _balance(value: Any) -> Balance | None:
    if value is None:
        return None
    return Balance(Decimal(value.amount.amount), str(value.amount.currency), value.date)


def _account(raw: str) -> str:
    """`:25:` as given, less a currency code glued to an IBAN (`NL77INGB0574908765EUR`)."""
    compact = raw.replace(" ", "")
    match = re.fullmatch(r"([A-Z]{2}\d{2}[A-Z0-9]{10,30}?)([A-Z]{3})", compact)
    return match[1] if match and not match[1][-3:].isalpha() else compact


def parse_mt940(data: bytes, source: str) -> tuple[tuple[Statement, ...], tuple[str, ...]]:
    """The statements of an MT940 file, and warnings about the file."""
    text = normalise(_decode(data))
    parsed = _parse(text, source)
    statements: list[Statement] = []
    for number, raw in enumerate(parsed, 1):
        info = raw.data
        opening = _balance(
            info.get("final_opening_balance") or info.get("intermediate_opening_balance")
        )
        closing = _balance(
            info.get("final_closing_balance") or info.get("intermediate_closing_balance")
        )
        currency = (opening or closing).currency if (opening or closing) else ""
        entries = tuple(
            _entry(transaction.data, f"statement {number}, transaction {index}", currency)
            for index, transaction in enumerate(raw.transactions, 1)
        )
        if not entries and opening is None and closing is None:
            continue  # an empty block between messages
        statements.append(
            Statement(
                format="mt940",
                account=_account(str(info.get("account_identification") or "")),
                currency=currency or (entries[0].currency if entries else ""),
                entries=entries,
                movement=sum((entry.amount for entry in entries), Decimal(0)),
                opening=opening,
                closing=closing,
                period_from=opening.on if opening else None,
                period_to=closing.on if closing else None,
                statement_id=str(info.get("transaction_reference") or ""),
            )
        )
    if not statements:
        raise FileRefused(source, "no MT940 statement in the file (no :20: ... :62F: block)")
    return tuple(statements), ()
