"""Where things sit on an A4 letter, in millimetres from the sheet's top-left corner.

One place for the geometry that both printable shapes use: the HTML copy (its CSS is built
from these figures) and the PDF. The recipient's address must fall inside the window of the
envelope the creditor uses:
- left window (DIN 5008 / DL, the Dutch and British habit): 20 mm from the left edge, 45 mm
  from the top, 85 x 45 mm;
- right window (the Belgian habit): 50 mm from the top, beginning 105 mm from the left edge.
Fold marks at 99 and 198 mm fold an A4 sheet in three for a DL or C5/6 envelope.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
MARGIN_LEFT = 25.0
MARGIN_RIGHT = 20.0
MARGIN_TOP = 20.0  # pages after the first; the first starts with the head
MARGIN_BOTTOM = 22.0
HEAD_HEIGHT = 98.0  # the body of the first page starts below the head
SENDER_TOP = 15.0
PLACE_DATE_TOP = 92.0  # the date line (right) and a registered mark (left)
FOLDS = (99.0, 198.0)
FOLD_MARK_WIDTH = 6.0


@dataclass(frozen=True)
class Window:
    """An envelope window, in mm from the sheet's top-left corner."""

    left: float
    top: float
    width: float
    height: float


WINDOWS = {
    "left": Window(left=20.0, top=45.0, width=85.0, height=45.0),
    "right": Window(left=105.0, top=50.0, width=90.0, height=45.0),
}


def window(side: str) -> Window:
    """The window for `side` ("left" or "right"); anything else is the left one."""
    return WINDOWS["right"] if side == "right" else WINDOWS["left"]
