"""The lines a page may hand to the build: {{ demo("name", option=value) }} and placeholders
like {{ credits() }}.

Each is a line of its own. Nothing else is treated as a template, and lines inside fenced code
blocks are left alone, so code with braces (notebooks, Jinja examples) renders as written.
An embed line is read as a Python call (with the ast module: the name in quotes, then options
as name=literal), and its options are checked against the demo's demo.json. transform()
replaces each such line; it knows nothing of MkDocs or Python-Markdown.
"""

import ast
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from builder.errors import BuildError
from builder.for_readers.demo_options import OptionError, OptionSpec, resolve
from builder.kit.demos import NAME

EMBED = re.compile(r"^\s{0,3}\{\{\s*demo\((?P<args>.*)\)\s*\}\}\s*$")
# A line that starts like an embed but does not parse: a typo the author should hear about.
ALMOST = re.compile(r"^\s{0,3}\{\{\s*demo\b")
PLACEHOLDER = re.compile(r"^\s{0,3}\{\{\s*(?P<name>[a-z_]+)\(\s*\)\s*\}\}\s*$")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass
class Found:
    """What one page asked for: demo names in order (repeats kept) and placeholder names."""
    demos: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)


def lines_outside_code(lines: list[str]) -> Iterator[tuple[int, str, bool]]:
    """(1-based number, line, is_code) for each line; fences and their contents are code."""
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        mark = FENCE.match(line)
        if fence is not None:
            if mark and mark.group(1)[0] == fence[0] and len(mark.group(1)) >= len(fence):
                fence = None
            yield number, line, True
        elif mark:
            fence = mark.group(1)
            yield number, line, True
        else:
            yield number, line, False


def parse_embed(args: str) -> tuple[str, dict[str, Any]]:
    """The demo's name and the options given, from what is inside demo( ... )."""
    try:
        call = ast.parse(f"demo({args})", mode="eval").body
    except SyntaxError as exc:
        raise ValueError(f"it does not parse ({exc.msg})") from None
    assert isinstance(call, ast.Call)
    first = call.args[0] if len(call.args) == 1 else None
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str) and NAME.fullmatch(first.value)):
        raise ValueError("it must name one demo, in quotes, first")
    options = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            raise ValueError("options must be written name=value")
        if keyword.arg in options:
            raise ValueError(f"option {keyword.arg} is given twice")
        try:
            options[keyword.arg] = ast.literal_eval(keyword.value)
        except ValueError:
            raise ValueError(f"the value of option {keyword.arg} must be a literal: a number, "
                             "a string in quotes, True or False, or a list of those") from None
    return first.value, options


def transform(lines: list[str], page: str, demos: Mapping[str, dict[str, OptionSpec]],
              render_demo: Callable[[str, int, dict[str, Any]], list[str]],
              placeholders: dict[str, Callable[[], str]]) -> tuple[list[str], Found]:
    """The page's lines with every embed and placeholder line replaced.

    demos maps each demo's name to the options it takes; render_demo(name, number, options)
    gives the lines that stand for the number-th embed on the page, with every option's value.
    A placeholder's renderer gives Markdown. Errors name the page and line.
    """
    out: list[str] = []
    found = Found()
    for number, line, is_code in lines_outside_code(lines):
        embed = None if is_code else EMBED.match(line)
        placeholder = None if is_code or embed else PLACEHOLDER.match(line)
        if embed or (not is_code and ALMOST.match(line)):
            try:
                if not embed:
                    raise ValueError("it is not the whole line")
                name, given = parse_embed(embed.group("args"))
            except ValueError as exc:
                raise BuildError(f"{page}:{number}: malformed demo embed {line.strip()!r}: {exc}. Write "
                                 'it on its own line as {{ demo("name") }}, with the name in quotes and '
                                 'any options after it as name=value.') from None
            if name not in demos:
                raise BuildError(f"{page}:{number}: unknown demo {name!r}. Known demos: "
                                 f"{', '.join(sorted(demos))}.")
            try:
                options = resolve(demos[name], given)
            except OptionError as exc:
                raise BuildError(f"{page}:{number}: demo {name!r}: {exc}") from None
            found.demos.append(name)
            # Blank lines around it make it a block of its own.
            out.extend(["", *render_demo(name, len(found.demos), options), ""])
        elif placeholder:
            name = placeholder.group("name")
            if name not in placeholders:
                raise BuildError(f"{page}:{number}: unknown placeholder {{{{ {name}() }}}}. "
                                 f"Known: {', '.join(sorted(placeholders))}.")
            found.placeholders.append(name)
            out.extend(["", *placeholders[name]().split("\n"), ""])
        else:
            out.append(line)
    return out, found
