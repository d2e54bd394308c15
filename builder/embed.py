"""Find demo embeds in a page: a line that is exactly {{ demo("name") }}.

Nothing else is treated as a template, and lines inside fenced code blocks are left alone,
so code with braces (notebooks, Jinja examples) renders as written.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from builder.errors import BuildError

EMBED = re.compile(r"""^\s{0,3}\{\{\s*demo\(\s*(["'])(?P<name>[A-Za-z0-9_-]+)\1\s*\)\s*\}\}\s*$""")
# A line that starts like an embed but does not parse: a typo the author should hear about.
ALMOST = re.compile(r"^\s{0,3}\{\{\s*demo\b")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Embed:
    name: str
    line: int  # 1-based, in the page source
    slot: str  # the placeholder that stands in the Markdown until the HTML is ready


def lines_outside_code(markdown: str) -> Iterator[tuple[int, str, bool]]:
    """(1-based number, line, is_code) for each line; fences and their contents are code."""
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
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


def replace_embeds(markdown: str, page: str, known: set[str]) -> tuple[str, list[Embed]]:
    out, embeds = [], []
    for number, line, is_code in lines_outside_code(markdown):
        if is_code:
            out.append(line)
            continue
        found = EMBED.match(line)
        if found:
            name = found.group("name")
            if name not in known:
                raise BuildError(
                    f"{page}:{number}: unknown demo {name!r}. Known demos: "
                    f"{', '.join(sorted(known))}."
                )
            embed = Embed(name, number, f'<div class="cnn-demo-slot" data-slot="{len(embeds)}"></div>')
            embeds.append(embed)
            # Blank lines make the placeholder a raw HTML block that Markdown passes through.
            out.extend(["", embed.slot, ""])
        elif ALMOST.match(line):
            raise BuildError(
                f"{page}:{number}: malformed demo embed {line.strip()!r}. Write it on its own "
                'line as {{ demo("name") }}, with the name in quotes.'
            )
        else:
            out.append(line)
    return "\n".join(out), embeds
