"""Whole-line placeholders such as {{ credits() }}: a line a build step fills in.

Like demo embeds, a placeholder is a line of its own; lines inside fenced code blocks are left
alone, so a page (or a notebook) can show the placeholder as code.
"""

import re
from collections.abc import Callable

from builder.embed import lines_outside_code
from builder.errors import BuildError

PLACEHOLDER = re.compile(r"^\s{0,3}\{\{\s*(?P<name>[a-z_]+)\(\s*\)\s*\}\}\s*$")


def replace_placeholders(markdown: str, page: str, renderers: dict[str, Callable[[], str]]
                         ) -> tuple[str, list[str]]:
    """(markdown with each placeholder line rendered, names of the placeholders found)."""
    out: list[str] = []
    found: list[str] = []
    for number, line, is_code in lines_outside_code(markdown):
        if is_code:
            out.append(line)
            continue
        match = PLACEHOLDER.match(line)
        if match and match.group("name") != "demo":  # demo() without a name: embed.py's error
            name = match.group("name")
            if name not in renderers:
                raise BuildError(f"{page}:{number}: unknown placeholder {{{{ {name}() }}}}. "
                                 f"Known: {', '.join(sorted(renderers))}.")
            found.append(name)
            out.extend(["", renderers[name](), ""])
        else:
            out.append(line)
    return "\n".join(out), found
