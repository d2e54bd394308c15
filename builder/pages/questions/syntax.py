"""The question block a course author writes next to a demo, read from a page's lines.

    !!! predict "What share of digits moved 4 pixels will the CNN still read correctly?"
        name: cnn-at-shift-4
        demo: mlp-vs-cnn
        quantity: cnn-accuracy-by-shift
        at: 4
        answer: slider

The first line is the question (in double quotes); the indented lines under it are its fields,
in YAML, one a line. The block ends at the first line that is not indented (blank lines inside
it are kept). It is Markdown an admonition reader knows, and plain Markdown elsewhere (Jupyter,
GitHub) shows it as the question and a block of fields. What each field means, and the checks
against the demo, are in bind.py; this module only finds blocks and reads their fields.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from builder.pages.embeds import lines_outside_code

START = re.compile(r'^\s{0,3}!!!\s+predict\s+"(?P<text>[^"]+)"\s*$')
# A line that starts like a question block but does not parse: a typo the author should hear about.
ALMOST = re.compile(r"^\s{0,3}[!?]{3}\+?\s*predict\b")
BODY = re.compile(r"^(    |\t)")


class QuestionSyntaxError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class QuestionBlock:
    line: int  # the !!! line, counted from 1
    end: int  # the block's last line
    text: str
    fields: dict[str, Any]
    field_lines: dict[str, int]  # each field's line, for messages

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


def find_blocks(lines: list[str]) -> Iterator[QuestionBlock]:
    """Every question block outside fenced code, in page order."""
    code = {number for number, _, is_code in lines_outside_code(lines) if is_code}
    number = 1
    while number <= len(lines):
        line = lines[number - 1]
        if number in code or not ALMOST.match(line):
            number += 1
            continue
        start = START.match(line)
        if not start:
            raise QuestionSyntaxError(number, f"malformed question {line.strip()!r}: write it as "
                                      '!!! predict "the question?" on a line of its own, the question in '
                                      "double quotes, with its fields indented under it.")
        end = number
        while end < len(lines) and (BODY.match(lines[end]) or (not lines[end].strip() and end + 1 < len(lines)
                                                               and BODY.match(lines[end + 1]))):
            end += 1
        yield _read(number, end, start.group("text").strip(), lines[number:end])
        number = end + 1


def _read(line: int, end: int, text: str, body: list[str]) -> QuestionBlock:
    source = "\n".join(b[4:] if b.startswith("    ") else b[1:] for b in body)
    if not body:
        raise QuestionSyntaxError(line, "a question needs its fields on the lines under it, indented "
                                  "by four spaces (name, demo, quantity, answer).")
    try:
        fields = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = line + 1 + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise QuestionSyntaxError(where, f"the question's fields do not read as YAML ({problem}); write "
                                  "one field a line, as name: value.") from None
    if not isinstance(fields, dict):
        raise QuestionSyntaxError(line + 1, "the question's fields must be lines of name: value.")
    field_lines = {}
    for offset, b in enumerate(body, start=1):
        key = re.match(r"\s*([A-Za-z_][\w-]*)\s*:", b)
        if key and key.group(1) in fields and key.group(1) not in field_lines \
                and len(b) - len(b.lstrip()) <= 4:
            field_lines[key.group(1)] = line + offset
    return QuestionBlock(line, end, text, fields, field_lines)
