"""Opening a kept file with the system's viewer: `open` on macOS, `os.startfile` on
Windows, `xdg-open` elsewhere.

The program is run directly with the path as one argument (no shell: nothing in a name can
become a command), detached from the terminal (its output would scribble over the app),
and not waited for. The path is absolute, so it cannot be read as an option.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from casetui.errors import OperationalError

Opener = Callable[[Path], None]


def open_with_viewer(path: Path) -> None:
    """Hand `path` to the system's viewer; `OperationalError` when there is none."""
    target = path.resolve()
    if not target.is_file():
        raise OperationalError(f"{target} is not there any more")
    if sys.platform == "win32":
        os.startfile(target)  # type: ignore[attr-defined]
        return
    program = "open" if sys.platform == "darwin" else "xdg-open"
    found = shutil.which(program)
    if found is None:
        raise OperationalError(f"no viewer: `{program}` is not installed; the file is {target}")
    try:
        subprocess.Popen(  # a fixed program, the path one argument: no shell
            [found, str(target)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError as error:
        raise OperationalError(f"cannot start {program}: {error.strerror or error}") from None
