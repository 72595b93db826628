"""Parse untrusted XML safely: UTF-8 only, no DTD at all, comments dropped.

Invoices come from third parties. `defusedxml` with `forbid_dtd=True` refuses the DOCTYPE
the moment expat meets it, so entity bombs ("billion laughs") and external entities
(`file:///etc/passwd`) never get expanded; real UBL never carries a DTD. ElementTree's tree
builder drops comments, so `<ID>12<!--c-->34</ID>` reads as `1234`.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_tree
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from casetui.importers.detect import UTF8_BOM, UTF16_BOMS
from casetui.importers.errors import FileRefused

_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


def parse_xml(data: bytes, source: str) -> Element:
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    if body.startswith(UTF16_BOMS):
        raise FileRefused(source, "the XML is UTF-16; UBL invoices must be UTF-8")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRefused(
            source,
            f"the XML is not valid UTF-8 (byte 0x{body[error.start]:02x} at offset "
            f"{error.start}); UBL invoices must be UTF-8",
        ) from None
    declared = _DECLARED.match(body.lstrip())
    if declared and declared[1].decode("ascii", "replace").strip().lower() not in _UTF8_NAMES:
        name = declared[1].decode("ascii", "replace")
        raise FileRefused(source, f"the XML declares encoding {name!r}; UBL must be UTF-8")
    try:
        return safe_tree.fromstring(body, forbid_dtd=True)
    except DTDForbidden:
        raise FileRefused(
            source,
            "refused: the XML declares a DTD (<!DOCTYPE>). UBL invoices never do, and a DTD "
            "can hide entity-expansion or external-entity attacks",
        ) from None
    except EntitiesForbidden:
        raise FileRefused(source, "refused: the XML declares entities") from None
    except ExternalReferenceForbidden:
        raise FileRefused(source, "refused: the XML refers to an external resource") from None
    except ParseError as error:
        raise FileRefused(source, f"not well-formed XML ({error})") from None
