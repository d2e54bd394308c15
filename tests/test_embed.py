"""Embed lines: exactly {{ demo("name") }} on a line; nothing else is a template."""

import pytest

from builder.embed import replace_embeds
from builder.errors import BuildError

KNOWN = {"draw-a-digit", "convnetjs-mnist"}


def test_embed_line_becomes_a_placeholder():
    md, embeds = replace_embeds('Intro\n\n{{ demo("draw-a-digit") }}\n\nMore', "p.md", KNOWN)
    assert [(e.name, e.line) for e in embeds] == [("draw-a-digit", 3)]
    assert embeds[0].slot in md and "demo(" not in md


def test_single_quotes_and_spacing():
    _, embeds = replace_embeds("  {{demo( 'convnetjs-mnist' )}}  ", "p.md", KNOWN)
    assert embeds[0].name == "convnetjs-mnist"


def test_braces_elsewhere_are_left_alone():
    text = 'Use {{ x }} and {% raw %} in prose: f"{value}" stays.\n'
    assert replace_embeds(text, "p.md", KNOWN) == (text, [])


def test_embed_inside_a_code_fence_is_code():
    text = '```python\n{{ demo("nope") }}\nd = {"a": {1}}\n```\n~~~\n{{ demo("x") }}\n~~~'
    assert replace_embeds(text, "p.md", KNOWN) == (text, [])


def test_unknown_demo_names_page_and_line():
    with pytest.raises(BuildError, match=r"site_src/a\.md:4: unknown demo 'draw-a-digt'"):
        replace_embeds('# A\n\ntext\n{{ demo("draw-a-digt") }}', "site_src/a.md", KNOWN)


@pytest.mark.parametrize("line", ['{{ demo(draw-a-digit) }}', '{{ demo("draw-a-digit") }',
                                  '{{ demo "draw-a-digit" }}'])
def test_malformed_embed_names_page_and_line(line):
    with pytest.raises(BuildError, match=r"b\.md:2: malformed demo embed"):
        replace_embeds(f"x\n{line}\n", "b.md", KNOWN)
