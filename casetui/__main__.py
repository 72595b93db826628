from casetui.cli import run

run()
