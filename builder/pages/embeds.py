"""The lines a page may hand to the build: {{ demo("name") }} and placeholders like {{ credits() }}.

Each is a line of its own. Nothing else is treated as a template, and lines inside fenced code
blocks are left alone, so code with braces (notebooks, Jinja examples) renders as written.
transform() replaces each such line; it knows nothing of MkDocs or Python-Markdown.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from builder.errors import BuildError

EMBED = re.compile(r"""^\s{0,3}\{\{\s*demo\(\s*(["'])(?P<name>[A-Za-z0-9_-]+)\1\s*\)\s*\}\}\s*$""")
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


def transform(lines: list[str], page: str, demos: set[str],
              render_demo: Callable[[str, int], list[str]],
              placeholders: dict[str, Callable[[], str]]) -> tuple[list[str], Found]:
    """The page's lines with every embed and placeholder line replaced.

    render_demo(name, number) gives the lines that stand for the number-th embed on the page;
    a placeholder's renderer gives Markdown. Errors name the page and line.
    """
    out: list[str] = []
    found = Found()
    for number, line, is_code in lines_outside_code(lines):
        embed = None if is_code else EMBED.match(line)
        placeholder = None if is_code or embed else PLACEHOLDER.match(line)
        if embed:
            name = embed.group("name")
            if name not in demos:
                raise BuildError(f"{page}:{number}: unknown demo {name!r}. Known demos: "
                                 f"{', '.join(sorted(demos))}.")
            found.demos.append(name)
            # Blank lines around it make it a block of its own.
            out.extend(["", *render_demo(name, len(found.demos)), ""])
        elif not is_code and ALMOST.match(line):
            raise BuildError(f"{page}:{number}: malformed demo embed {line.strip()!r}. Write it on "
                             'its own line as {{ demo("name") }}, with the name in quotes.')
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
