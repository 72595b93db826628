"""Events and customers to and from plain JSON-ready dicts (the on-disk shape).

Dates become ISO strings, money becomes `{"minor": 123456, "currency": "EUR"}`, enums their
values. Fields at their default value are left out, which keeps a 50k-case ledger small;
decoding fills them back in. Unknown keys are ignored so that an older casetui can still read
events that a newer one enriched (the schema version guards real incompatibilities).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from casetui import model
from casetui.errors import InputError
from casetui.money import Money
from casetui.values import frozen

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _encode_date(value: date) -> str:
    return value.isoformat()


def _encode_money(value: Money) -> dict[str, Any]:
    return value.to_json()


def _encode_enum(value: Enum) -> Any:
    return value.value


def _encode_tuple(value: tuple[Any, ...]) -> list[Any]:
    return list(value)


def _converters(annotation: Any) -> tuple[Encoder, Decoder]:
    """Pick the encoder/decoder pair for one field type (Optional types unwrap)."""
    args = typing.get_args(annotation)
    if type(None) in args:
        inner = next(arg for arg in args if arg is not type(None))
        encode, decode = _converters(inner)
        return encode, (lambda raw: None if raw is None else decode(raw))
    origin = typing.get_origin(annotation)
    if origin is tuple:
        item = typing.get_args(annotation)[0]
        if dataclasses.is_dataclass(item):
            return _record_converters(item)  # a payment plan's instalments
        return _encode_tuple, tuple
    if annotation is date:
        return _encode_date, date.fromisoformat
    if annotation is Money:
        return _encode_money, Money.from_json
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _encode_enum, annotation
    return _identity, _identity


def _record_converters(cls: type) -> tuple[Encoder, Decoder]:
    """A tuple of small frozen dataclasses (every field required), as a list of dicts."""
    fields = [(name, *_converters(hint)) for name, hint in typing.get_type_hints(cls).items()]

    def encode(values: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [{name: enc(getattr(value, name)) for name, enc, _ in fields} for value in values]

    def decode(raw: list[dict[str, Any]]) -> tuple[Any, ...]:
        return tuple(cls(**{name: dec(item[name]) for name, _, dec in fields}) for item in raw)

    return encode, decode


@frozen
class _FieldCodec:
    name: str
    encode: Encoder
    decode: Decoder
    default: Any


def _field_codecs(cls: type) -> tuple[_FieldCodec, ...]:
    hints = typing.get_type_hints(cls)
    codecs = []
    for spec in dataclasses.fields(cls):
        encode, decode = _converters(hints[spec.name])
        default = spec.default if spec.default is not dataclasses.MISSING else dataclasses.MISSING
        codecs.append(_FieldCodec(spec.name, encode, decode, default))
    return tuple(codecs)


_EVENT_CODECS: dict[str, tuple[_FieldCodec, ...]] = {}


def _codecs_of(kind: str) -> tuple[_FieldCodec, ...]:
    """A kind's field codecs, worked out the first time the kind is met: from the type
    hints of every kind at import, they cost each command a few milliseconds."""
    codecs = _EVENT_CODECS.get(kind)
    if codecs is None:
        codecs = _EVENT_CODECS[kind] = _field_codecs(model.EVENT_TYPES[kind])
    return codecs


def encode_event(event: model.Event) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": event.kind}
    for codec in _codecs_of(event.kind):
        value = getattr(event, codec.name)
        if value == codec.default:
            continue
        data[codec.name] = codec.encode(value)
    return data


def decode_event(data: dict[str, Any]) -> model.Event:
    kind = data.get("kind")
    cls = model.EVENT_TYPES.get(kind)  # type: ignore[arg-type]
    if cls is None:
        raise InputError(f"unknown event kind {kind!r}")
    values = {}
    for codec in _codecs_of(kind):  # type: ignore[arg-type]
        raw = data.get(codec.name, codec)
        if raw is codec:
            continue  # absent: the dataclass default applies
        values[codec.name] = codec.decode(raw)
    return cls(**values)


def encode_customer(customer: model.Customer) -> dict[str, Any]:
    return customer.to_json()


def decode_customer(data: dict[str, Any]) -> model.Customer:
    return model.Customer.from_json(data)
