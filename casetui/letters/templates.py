"""Letter templates: Jinja2 in its sandbox, Markdown out, every value escaped.

Layout: `<kind>/<lang>.md` with optional variants `<kind>/<variant>.<lang>.md` (the statutory
consumer letters `reminder/be-b2c.nl.md`, `reminder/nl-b2c.nl.md`; the Protocol letter before
claim `formal-notice/uk-individual.en.md`) and shared pieces in `_partials/`. The user's config
folder (`<config>/templates/`) is searched before the bundled `data/templates/`, file by file,
so one file can be overridden without copying the rest. A variant is preferred to the plain
template even when only the plain one is overridden: the variants carry legal content.

Safety: templates run in Jinja's `SandboxedEnvironment` (no attribute starting with `_`, no
calls into Python internals), and every printed value is escaped for Markdown
(`casetui.letters.escape`). An unknown field, a syntax error or a blocked attribute raises
`InputError` naming the field, the template file and the line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from casetui.errors import InputError
from casetui.markdown import escape_cell, escape_lines, escape_markdown
from casetui.paths import config_dir, data_dir


class Section(dict[str, Any]):
    """A dict of template fields that knows its own name, for "unknown field" messages."""

    def __init__(self, name: str, values: Mapping[str, Any]) -> None:
        super().__init__(values)
        self._section = name


class _UnknownField(StrictUndefined):
    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        name = self._undefined_name
        parent = getattr(self._undefined_obj, "_section", None)
        if parent:
            return f"unknown field '{parent}.{name}'"
        if isinstance(self._undefined_obj, dict):
            return f"unknown field {name!r}"
        if self._undefined_obj is not None and not isinstance(self._undefined_name, str):
            return f"no item {name!r}"
        return f"unknown field {name!r}"


def bundled_templates_dir() -> Path:
    return data_dir() / "templates"


def user_templates_dir() -> Path:
    return config_dir() / "templates"


@dataclass(frozen=True)
class Rendered:
    body: str  # Markdown
    subject: str  # plain text, from the template's `{% set subject = ... %}`
    template: Path


def template_dirs() -> tuple[Path, ...]:
    return (user_templates_dir(), bundled_templates_dir())


def find_template(
    kind: str, variants: Sequence[str], lang: str, dirs: Sequence[Path] | None = None
) -> tuple[str, Path]:
    """The template name and file for `kind` in `lang`, variants first."""
    folders = tuple(dirs) if dirs is not None else template_dirs()
    for variant in (*variants, ""):
        name = f"{kind}/{variant}.{lang}.md" if variant else f"{kind}/{lang}.md"
        for folder in folders:
            path = folder / name
            if path.is_file():
                return name, path
    where = " or ".join(str(folder / kind) for folder in folders)
    raise InputError(f"no {kind} template in language {lang!r} (looked in {where})")


# A line holding only block tags or comments (`{% if x %}`, `{% endfor %}`; not `include`,
# which prints): its line break
# is moved into a comment, so the line disappears from the output while the template keeps its
# line numbers for error messages. A tag at the end of a line of text keeps its line break
# (Jinja's `trim_blocks` would eat it and join two lines).
_STANDALONE = re.compile(
    r"^([ \t]*(?:(?:\{%(?![\s-]*include\b)(?:[^%]|%(?!\}))*%\}|\{#(?:[^#]|#(?!\}))*#\})[ \t]*)+)\n",
    re.M,
)


class _Loader(FileSystemLoader):
    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        return _STANDALONE.sub(lambda m: m.group(1) + "{#\n#}", source), filename, uptodate


@lru_cache(maxsize=8)
def _environment(dirs: tuple[str, ...]) -> SandboxedEnvironment:
    """One environment per search path; compiled templates are cached and reloaded when
    their file changes (`auto_reload`), so an edited override is picked up at once."""
    env = SandboxedEnvironment(
        loader=_Loader(list(dirs), encoding="utf-8"),
        undefined=_UnknownField,
        finalize=escape_markdown,
        autoescape=False,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
    )
    env.filters["lines"] = escape_lines
    env.filters["cell"] = escape_cell
    # Jinja's own lowercases the rest ("art. 6:119a bw"): only the first letter changes here.
    env.filters["capitalize"] = upper_first
    return env


def upper_first(text: object) -> str:
    """`text` with its first letter in upper case and the rest as written."""
    value = str(text)
    return value[:1].upper() + value[1:]


_BLANK_RUNS = re.compile(r"\n{3,}")
# A full stop right after a name that ends in one ("... bij Het Anker V.O.F.."); an ellipsis
# ("...") or a dotted line ("Name: .....") is left alone.
_DOUBLE_STOP = re.compile(r"(?<=[^\W\d_]\.)\.(?!\.)")


def tidy(markdown: str) -> str:
    """Trailing spaces off, at most one blank line in a row, no blank start or end, and
    no doubled full stop after an abbreviated name."""
    lines = [_DOUBLE_STOP.sub("", line.rstrip()) for line in markdown.splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


def render_template(
    kind: str,
    variants: Sequence[str],
    lang: str,
    context: Mapping[str, Any],
    dirs: Sequence[Path] | None = None,
) -> Rendered:
    folders = tuple(dirs) if dirs is not None else template_dirs()
    name, path = find_template(kind, variants, lang, folders)
    env = _environment(tuple(str(folder) for folder in folders))
    try:
        template = env.get_template(name)
        try:
            module = template.make_module(dict(context))
        except Exception:
            # `make_module` skips Jinja's traceback rewriting (`render` does it): without it
            # the frames carry the compiled code's line numbers, not the template's.
            env.handle_exception()
        body = str(module)
        subject = getattr(module, "subject", "")
        subject = str(subject) if subject else ""
    except TemplateSyntaxError as error:
        where = error.filename or str(path)
        raise InputError(
            f"template {where} line {error.lineno}: syntax error: {error.message}"
        ) from None
    except TemplateNotFound as error:
        raise InputError(
            f"template {path}: includes {error.name!r}, which does not exist"
        ) from None
    except SecurityError as error:
        raise InputError(f"template {_failing_file(path)}: not allowed: {error}") from None
    except TemplateError as error:
        raise InputError(f"template {_failing_file(path)}: {error}") from None
    return Rendered(tidy(body), " ".join(subject.split()), path)


def _failing_file(default: Path) -> str:
    """The template file and line where the current exception was raised, if known."""
    tb = sys.exc_info()[2]
    found = str(default)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".md"):
            found = f"{filename} line {tb.tb_lineno}"
        tb = tb.tb_next
    return found
