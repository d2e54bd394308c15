"""Embed and placeholder lines: exactly {{ demo("name", option=value) }} on a line; nothing else
is a template. Options are checked against what the demo's demo.json declares.

The transforms run as a Python-Markdown extension, here without MkDocs, as any front end that
runs Python-Markdown would run them.
"""

import markdown
import pytest

from builder.errors import BuildError
from builder.for_readers.demo_options import parse_specs
from builder.pages import markdown as demo_embeds
from builder.pages.embeds import transform

LAB_OPTIONS = parse_specs({
    "network": {"type": "choice", "choices": ["default", "tiny"], "default": "default",
                "help": "first network"},
    "hide": {"type": "list", "choices": ["trainer", "layers"], "default": [], "help": "parts left out"},
    "speed": {"type": "number", "min": 0, "max": 2, "default": 1, "help": "how fast"},
    "digit": {"type": "integer", "min": 0, "max": 9, "default": 0, "help": "first digit"},
    "autostart": {"type": "boolean", "default": True, "help": "train at once"},
}, "demos/convnetjs-mnist/demo.json")
KNOWN = {"draw-a-digit": {}, "convnetjs-mnist": LAB_OPTIONS}


def run(text: str, page: str = "p.md", placeholders=None):
    lines, found = transform(text.split("\n"), page, KNOWN,
                             lambda name, n, options: [f"<div>{name} {n} {options}</div>"],
                             placeholders or {})
    return "\n".join(lines), found


def test_embed_line_is_replaced():
    md, found = run('Intro\n\n{{ demo("draw-a-digit") }}\n\nMore')
    assert found.demos == ["draw-a-digit"]
    assert "<div>draw-a-digit 1 {}</div>" in md and "demo(" not in md


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
                                  '{{ demo "draw-a-digit" }}', "{{ demo() }}",
                                  '{{ demo("convnetjs-mnist", "tiny") }}',
                                  '{{ demo("convnetjs-mnist", network=tiny) }}',
                                  '{{ demo("convnetjs-mnist", network="a", network="b") }}',
                                  '{{ demo("convnetjs-mnist", **x) }}',
                                  '{{ demo("draw-a-digit") }} and text after'])
def test_malformed_embed_names_page_and_line(line):
    with pytest.raises(BuildError, match=r"b\.md:2: malformed demo embed"):
        run(f"x\n{line}\n", "b.md")


def test_options_reach_the_renderer_with_the_defaults_filled_in():
    md, _ = run('{{ demo("convnetjs-mnist", network="tiny", hide=["trainer"], speed=0.5) }}')
    assert ("{'network': 'tiny', 'hide': ['trainer'], 'speed': 0.5, 'digit': 0, 'autostart': True}"
            in md)
    md, _ = run("{{ demo('convnetjs-mnist') }}")
    assert "'network': 'default', 'hide': []" in md


@pytest.mark.parametrize("line, says", [
    ('network="huge"', "option network='huge' is not valid: network takes one of 'default', 'tiny'"),
    ('hide=["trainer", "nope"]', "hide takes a list of any of 'trainer', 'layers'"),
    ('hide="trainer"', "hide takes a list of any of"),
    ('hide=["layers", "layers"]', "hide takes a list"),
    ("digit=10", "digit takes an integer from 0 to 9"),
    ("digit=2.5", "digit takes an integer"),
    ("digit=True", "digit takes an integer"),
    ('autostart="yes"', "autostart takes a boolean"),
    ("speed=3", "speed takes a number from 0 to 2"),
])
def test_a_mistyped_option_names_page_line_and_what_it_takes(line, says):
    with pytest.raises(BuildError) as caught:
        run(f'# L\n\n{{{{ demo("convnetjs-mnist", {line}) }}}}', "site_src/lab.md")
    assert str(caught.value).startswith("site_src/lab.md:3: demo 'convnetjs-mnist': ")
    assert says in str(caught.value)


def test_an_unknown_option_lists_the_options_the_demo_takes():
    with pytest.raises(BuildError) as caught:
        run('{{ demo("convnetjs-mnist", netwrk="tiny") }}', "site_src/lab.md")
    message = str(caught.value)
    assert message.startswith("site_src/lab.md:1: demo 'convnetjs-mnist': unknown option netwrk. It takes: ")
    for name in LAB_OPTIONS:
        assert f"{name} (" in message
    with pytest.raises(BuildError, match="unknown option size. It takes no options"):
        run('{{ demo("draw-a-digit", size=3) }}')


@pytest.mark.parametrize("declared, says", [
    ({"n": {"type": "integer", "default": 1}}, "option 'n' needs \"type\""),
    ({"n": {"type": "float", "default": 1, "help": "h"}}, "needs \"type\" (one of"),
    ({"n": {"type": "choice", "default": "a", "help": "h"}}, "needs a \"choices\" list"),
    ({"n": {"type": "integer", "default": 12, "max": 9, "help": "h"}}, "default of option 'n' is not"),
    ({"n-1": {"type": "integer", "default": 1, "help": "h"}}, "must be a Python identifier"),
    ({"n": {"type": "integer", "default": 1, "help": "h", "step": 2}}, "unknown keys ['step']"),
    (["n"], "must be an object"),
])
def test_a_bad_option_declaration_names_the_demo_json(declared, says):
    with pytest.raises(ValueError) as caught:
        parse_specs(declared, "my-demos/x/demo.json")
    assert str(caught.value).startswith("my-demos/x/demo.json: ") and says in str(caught.value)


def test_placeholders_render_markdown_and_unknown_ones_fail():
    md, found = run("# T\n\n{{ credits() }}\n", placeholders={"credits": lambda: "| a |\n| --- |"})
    assert found.placeholders == ["credits"] and "| a |\n| --- |" in md
    with pytest.raises(BuildError, match=r"c\.md:1: unknown placeholder \{\{ nope\(\) \}\}"):
        run("{{ nope() }}", "c.md")


class _Pages:
    """What an active site does for the extension, with this file's renderers."""

    def markdown_lines(self, lines, page, stash):
        def demo(name, number, options):
            return [stash(f'<div class="demo" data-x="{page.src_uri}">\n\n  <p>*not emphasis*</p>\n</div>')]

        renderers = {"credits": lambda: f"Credits for *{page.src_uri}*"}
        return transform(lines, page.source, KNOWN, demo, renderers)[0]


@pytest.fixture
def active_pages():
    current = {}
    demo_embeds.activate(_Pages(), lambda md: current.get("page"))
    yield current
    demo_embeds.deactivate()


def test_the_extension_embeds_raw_html_in_python_markdown(active_pages):
    """Demo HTML passes through Markdown untouched; the extension loads by its name, as a front
    end's markdown_extensions list names it."""
    md = markdown.Markdown(extensions=["builder.pages.markdown", "fenced_code"])
    active_pages["page"] = demo_embeds.PageRef("site_src/a.md", "a.md")
    out = md.convert('# A\n\n{{ demo("draw-a-digit") }}\n\n{{ credits() }}\n\n'
                     '```\n{{ demo("draw-a-digit") }}\n```\n')
    assert '<div class="demo" data-x="a.md">\n\n  <p>*not emphasis*</p>\n</div>' in out
    assert "<em>a.md</em>" in out and "{{ demo(&quot;draw-a-digit&quot;) }}" in out
    active_pages["page"] = demo_embeds.PageRef("site_src/b.md", "b.md")
    with pytest.raises(BuildError, match=r"site_src/b\.md:1: unknown demo"):
        md.reset().convert('{{ demo("nope") }}')


def test_without_the_cnn_demos_build_an_embed_line_stops_the_conversion():
    """A bare `zensical build` runs the extension with no site: it must not ship raw embed lines."""
    md = markdown.Markdown(extensions=["builder.pages.markdown", "fenced_code"])
    assert "<h1" in md.convert("# Plain\n\n```\n{{ demo(\"draw-a-digit\") }}\n```\n")
    with pytest.raises(BuildError, match=r"a page:3: .*`cnn-demos build --engine zensical`"):
        md.reset().convert('# A\n\n{{ demo("draw-a-digit") }}\n')
