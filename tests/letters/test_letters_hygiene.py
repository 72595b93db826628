"""The letters core never loads the UI libraries."""

from __future__ import annotations

import subprocess
import sys


def test_letters_never_load_textual_or_rich(tmp_path) -> None:
    code = (
        "import sys, os\n"
        f"os.environ['CASETUI_CONFIG_DIR'] = {str(tmp_path)!r}\n"
        "import casetui.letters, casetui.profile, casetui.cli.letters, casetui.cli.setup\n"
        "from casetui.letters import render_draft\n"
        "from casetui.letters.render import markdown_to_text, letter_html\n"
        "from casetui.letters.parts import LetterHeader\n"
        "letter_html(LetterHeader(('a',), 'a', ('b',), 'c', ''), '# x', title='t', lang='en',"
        " window='left')\n"
        "markdown_to_text('| a |\\n|---|\\n| b |\\n')\n"
        "print(sorted({'textual', 'rich'} & {m.split('.')[0] for m in sys.modules}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
