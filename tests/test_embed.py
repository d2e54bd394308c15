"""Embed and placeholder lines: exactly {{ demo("name") }} on a line; nothing else is a template.

The transforms run as a Python-Markdown extension, here without MkDocs, as any front end that
runs Python-Markdown would run them.
"""

import markdown
import pytest

from builder.errors import BuildError
from builder.pages.embeds import transform
from builder.pages.markdown import PageContext, PageTransforms

KNOWN = {"draw-a-digit", "convnetjs-mnist"}


def run(text: str, page: str = "p.md", placeholders=None):
    lines, found = transform(text.split("\n"), page, KNOWN, lambda name, n: [f"<div>{name} {n}</div>"],
                             placeholders or {})
    return "\n".join(lines), found


def test_embed_line_is_replaced():
    md, found = run('Intro\n\n{{ demo("draw-a-digit") }}\n\nMore')
    assert found.demos == ["draw-a-digit"]
    assert "<div>draw-a-digit 1</div>" in md and "demo(" not in md


def test_single_quotes_and_spacing():
    _, found = run("  {{demo( 'convnetjs-mnist' )}}  ")
    assert found.demos == ["convnetjs-mnist"]


def test_braces_elsewhere_are_left_alone():
    text = 'Use {{ x }} and {% raw %} in prose: f"{value}" stays.\n'
    md, found = run(text)
    assert (md, found.demos) == (text, [])


def test_embed_inside_a_code_fence_is_code():
    text = '```python\n{{ demo("nope") }}\nd = {"a": {1}}\n```\n~~~\n{{ demo("x") }}\n~~~'
    md, found = run(text)
    assert (md, found.demos) == (text, [])


def test_unknown_demo_names_page_and_line():
    with pytest.raises(BuildError, match=r"site_src/a\.md:4: unknown demo 'draw-a-digt'"):
        run('# A\n\ntext\n{{ demo("draw-a-digt") }}', "site_src/a.md")


@pytest.mark.parametrize("line", ['{{ demo(draw-a-digit) }}', '{{ demo("draw-a-digit") }',
                                  '{{ demo "draw-a-digit" }}', "{{ demo() }}"])
def test_malformed_embed_names_page_and_line(line):
    with pytest.raises(BuildError, match=r"b\.md:2: malformed demo embed"):
        run(f"x\n{line}\n", "b.md")


def test_placeholders_render_markdown_and_unknown_ones_fail():
    md, found = run("# T\n\n{{ credits() }}\n", placeholders={"credits": lambda: "| a |\n| --- |"})
    assert found.placeholders == ["credits"] and "| a |\n| --- |" in md
    with pytest.raises(BuildError, match=r"c\.md:1: unknown placeholder \{\{ nope\(\) \}\}"):
        run("{{ nope() }}", "c.md")


def test_the_extension_embeds_raw_html_in_python_markdown():
    """Demo HTML passes through Markdown untouched; the page's finds are recorded."""
    html = '<div class="demo" data-x="1">\n\n  <p>*not emphasis*</p>\n</div>'
    ext = PageTransforms(KNOWN, lambda name, n, page: html.replace("1", page.base),
                         {"credits": lambda page: f"Credits for *{page.src_uri}*"})
    md = markdown.Markdown(extensions=[ext, "fenced_code"])
    ext.start_page(PageContext("site_src/a.md", "a.md", ".."))
    out = md.convert('# A\n\n{{ demo("draw-a-digit") }}\n\n{{ credits() }}\n\n'
                     '```\n{{ demo("draw-a-digit") }}\n```\n')
    assert html.replace("1", "..") in out
    assert "<em>a.md</em>" in out and "{{ demo(&quot;draw-a-digit&quot;) }}" in out
    assert ext.found["a.md"].demos == ["draw-a-digit"]
    ext.start_page(PageContext("site_src/b.md", "b.md", "."))
    with pytest.raises(BuildError, match=r"site_src/b\.md:1: unknown demo"):
        md.reset().convert('{{ demo("nope") }}')
