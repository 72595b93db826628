"""Pictures of the PDF letters, one per kind, for the README (`docs/letters/*.png`).

    uv run python docs/letters/make_pictures.py

Renders each kind from the demo ledger (as of 2026-11-23, the demo business profile) to PDF
and its first page to PNG with pypdfium2 (a dev dependency).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pypdfium2

from casetui.demo import write_demo
from casetui.ledger import Ledger
from casetui.letters import prepare_letter
from casetui.letters.pdf import render_pdf
from casetui.profile import DEMO_PROFILE

TODAY = date(2026, 11, 23)
HERE = Path(__file__).parent
LETTERS = (  # kind, case, language
    ("reminder", "C-2026-0040", "nl"),
    ("second-reminder", "C-2026-0040", "fr"),
    ("formal-notice", "C-2026-0040", "en"),
    ("settlement", "C-2026-0018", "nl"),
    ("handover", "C-2026-0040", "en"),
)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.json"
        with Ledger.open(path, backup=False) as ledger:
            write_demo(ledger, 40, seed=7, today=TODAY)
            for kind, case, lang in LETTERS:
                draft = prepare_letter(
                    ledger, case, kind, profile=DEMO_PROFILE, sent_on=TODAY, lang=lang
                )
                pdf = render_pdf(draft, window=DEMO_PROFILE.window_side)
                page = pypdfium2.PdfDocument(pdf)[0]
                page.render(scale=1.1).to_pil().save(HERE / f"{kind}.png", optimize=True)
                print(f"{kind}.png: {draft.subject}")


if __name__ == "__main__":
    main()
