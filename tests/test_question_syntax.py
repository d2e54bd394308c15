"""The question block a course author writes (`!!! predict "..."` and its fields), checked at
build time against the demos' demo.json quantities: good blocks render, bad ones stop the build
naming the page, the line and what the demo exposes. No browser, no training: the demos are the
kit's own, the models small stand-ins whose model.json is written here.
"""

import html
import json
import re
from pathlib import Path

import markdown
import nbformat
import pytest

from builder.errors import BuildError
from builder.export import ExportedModel
from builder.kit.demos import discover, load_demo
from builder.kit.quantities import parse_quantities
from builder.pages import markdown as demo_embeds
from builder.pages.questions import Course
from builder.pages.questions.measures import measure

ROOT = Path(__file__).resolve().parents[1]
DEMOS = discover(ROOT / "demos", ROOT / "demos" / "_shared")
CLASSES = [str(i) for i in range(10)]


def HTML(src_uri: str) -> str:  # noqa: N802 (a constant of the test, used as a function)
    """Where a page lands in the site (use_directory_urls: false)."""
    return src_uri.rsplit(".", 1)[0] + ".html"

# LeNet's layers as model.json lists them: (class, name, config, weight shapes).
LENET = [
    ("InputLayer", "digit", {}, []),
    ("ZeroPadding2D", "padding", {"padding": [[2, 2], [2, 2]]}, []),
    ("Conv2D", "conv1", {"kernel_size": [5, 5], "strides": [1, 1], "dilation_rate": [1, 1]},
     [[5, 5, 1, 6], [6]]),
    ("MaxPooling2D", "pool1", {"pool_size": [2, 2], "strides": [2, 2]}, []),
    ("Conv2D", "conv2", {"kernel_size": [5, 5], "strides": [1, 1], "dilation_rate": [1, 1]},
     [[5, 5, 6, 16], [16]]),
    ("MaxPooling2D", "pool2", {"pool_size": [2, 2], "strides": None}, []),
    ("Flatten", "flatten", {}, []),
    ("Dense", "dense1", {}, [[400, 120], [120]]),
    ("Dense", "dense2", {}, [[120, 84], [84]]),
    ("Dense", "softmax", {}, [[84, 10], [10]]),
]


def stand_in(folder: Path, name: str, layers=LENET) -> ExportedModel:
    """An exported model with only what the build's measures read: model.json and metrics."""
    (folder / "tfjs").mkdir(parents=True)
    topology = {"model_config": {"class_name": "Functional", "config": {"layers": [
        {"class_name": kind, "config": {"name": layer, **config}} for kind, layer, config, _ in layers]}}}
    weights = [{"name": f"{layer}/{'kernel' if i == 0 else 'bias'}", "shape": shape, "dtype": "float32"}
               for _, layer, _, shapes in layers for i, shape in enumerate(shapes)]
    (folder / "tfjs" / "model.json").write_text(json.dumps(
        {"modelTopology": topology, "weightsManifest": [{"paths": ["x.bin"], "weights": weights}]}))
    return ExportedModel(name, folder, {"parameters": 61706, "held_out_accuracy": 0.9875})


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    tmp = tmp_path_factory.mktemp("models")
    models = {n: stand_in(tmp / n, n) for n in ("lenet", "recognizer")}
    return Course(DEMOS, models, CLASSES, "A course", HTML)


def render(course: Course, text: str, page: str = "site_src/p.md") -> list[str]:
    return course.page_lines(text.split("\n"), page, lambda html: f"<<{html}>>")


SHIFT_4 = '''# Page

!!! predict "What share of digits moved 4 pixels will the CNN read?"
    name: cnn-at-4
    demo: mlp-vs-cnn
    quantity: cnn-accuracy-by-shift
    at: 4
    answer: slider

{{ demo("mlp-vs-cnn") }}'''


def widget_of(line: str) -> dict:
    start = line.index('data-question="') + len('data-question="')
    return json.loads(html.unescape(line[start:line.index('"', start)]))


def test_a_question_block_becomes_its_element_keeping_the_page_lines(course):
    lines = render(course, SHIFT_4)
    assert len(lines) == len(SHIFT_4.split("\n"))  # later messages keep their line numbers
    [html_line] = [line for line in lines if line.startswith("<<")]
    assert 'data-cnn-question="cnn-at-4"' in html_line and 'id="cnn-question-cnn-at-4"' in html_line
    assert "What share of digits moved 4 pixels will the CNN read?" in html_line
    widget = widget_of(html_line)
    assert widget | {"description": ""} == widget | {
        "name": "cnn-at-4", "demo": "mlp-vs-cnn", "quantity": "cnn-accuracy-by-shift", "at": 4,
        "answer": "slider", "type": "fraction", "live": True, "target": "mlp-vs-cnn-1",
        "revealed_by": ["test-all"], "min": 0, "max": 100, "step": 1, "course": "A course", "description": ""}
    assert "!!! predict" not in "\n".join(lines) and lines[-1] == '{{ demo("mlp-vs-cnn") }}'


def test_a_block_in_a_code_fence_is_code(course):
    text = "```markdown\n" + SHIFT_4.replace('{{ demo("mlp-vs-cnn") }}', "") + "```"
    assert render(course, text) == text.split("\n")


def test_a_question_binds_to_its_demos_nearest_embed_after_it(course):
    text = ('{{ demo("mlp-vs-cnn") }}\n\n{{ demo("draw-a-digit") }}\n\n'
            + SHIFT_4.split("\n", 2)[2] + '\n\n{{ demo("mlp-vs-cnn") }}')
    [line] = [x for x in render(course, text) if x.startswith("<<")]
    assert widget_of(line)["target"] == "mlp-vs-cnn-3"  # ids count every embed of the page
    before_only = SHIFT_4.split("\n", 2)[2].replace('{{ demo("mlp-vs-cnn") }}', "")
    [line] = [x for x in render(course, '{{ demo("mlp-vs-cnn") }}\n' + before_only) if x.startswith("<<")]
    assert widget_of(line)["target"] == "mlp-vs-cnn-1"


def test_a_build_answer_is_computed_and_needs_no_demo_on_the_page(course):
    text = ('!!! predict "How wide?"\n    name: field\n    demo: receptive-field\n'
            '    quantity: receptive-field-by-layer\n    at: conv2\n    answer: number\n\n'
            '!!! predict "Sketch it"\n    name: fields\n    demo: receptive-field\n'
            '    quantity: receptive-field-by-layer\n    answer: sketch\n    min: 0\n    max: 28\n')
    one, sketch = (widget_of(x) for x in render(course, text) if x.startswith("<<"))
    assert one["value"] == 14 and one["live"] is False and one["target"] == ""
    assert sketch["value"] == [["conv1", 5], ["pool1", 6], ["conv2", 14], ["pool2", 16]]
    assert sketch["x"] == ["conv1", "pool1", "conv2", "pool2"] and sketch["x_label"] == "layer"


BASE = {"name": "q", "demo": "mlp-vs-cnn", "quantity": "cnn-accuracy-by-shift", "at": 4, "answer": "slider"}


def block(fields: dict, text: str = "What?", embed: str | None = None) -> str:
    """A page with the question and, after it, an embed of its demo (or of `embed`)."""
    body = "\n".join(f"    {k}: {v}" for k, v in fields.items() if v is not None)
    return f'# P\n\n!!! predict "{text}"\n{body}\n\n{{{{ demo("{embed or fields["demo"]}") }}}}\n'


Q = r"p\.md:{}: question 'q': "  # how each message below starts, with its line
BAD_FIELDS = [
    ({"colour": "red"}, Q.format(9) + r"unknown field 'colour'\. A question takes: name, demo, quantity, "
                                      r"answer, at, when, min, max, step, choices, explain\."),
    ({"answer": None}, r"p\.md:3: question 'What\?' needs the field answer\."),
    ({"name": "Shift Four"},
     r"p\.md:4: question 'Shift Four': name must be lower-case words joined by hyphens"),
    ({"demo": "mlp-vs-cnm"}, Q.format(5) + r"unknown demo 'mlp-vs-cnm'\. Known demos: "
                                           r"convnetjs-mnist, convolution-explorer, .*why-it-decides\."),
    ({"quantity": "speed"},
     Q.format(6) + r"demo 'mlp-vs-cnn' exposes no quantity 'speed'\. It exposes: cnn-accuracy-by-shift "
                   r"\(series of fraction by pixels moved, measured in the page\): the share of .*; "
                   r"mlp-accuracy-by-shift \("),
    ({"demo": "draw-a-digit", "quantity": "certainty", "at": None, "embed": "mlp-vs-cnn"},
     Q.format(5) + r"demo 'draw-a-digit' is not on this page \(its demos: mlp-vs-cnn\), and 'certainty' is "
                   r"measured in the page by that demo: embed it here with "
                   r"\{\{ demo\(\"draw-a-digit\"\) \}\}\."),
    ({"at": 9},
     Q.format(7) + r"at: 9 is not one of 'cnn-accuracy-by-shift''s x values: 0, 1, 2, 3, 4, 5, 6\."),
    ({"at": None}, Q.format(7) + r"'cnn-accuracy-by-shift' is a series by pixels moved: answer it with a "
                                 r"sketch, or give at: one of 0, 1, 2, 3, 4, 5, 6"),
    ({"answer": "essay"}, Q.format(8) + r"answer 'essay' is not one of slider, number, choice, sketch\."),
    ({"answer": "sketch"}, Q.format(7) + r"a sketch answers a whole series: leave out at"),
    ({"demo": "draw-a-digit", "quantity": "certainty", "at": None, "answer": "sketch"},
     Q.format(7) + r"a sketch answers a whole series, and 'certainty' is a fraction\."),
    ({"answer": "choice"},
     Q.format(8) + r"a choice about a number needs choices: a list of numbers in percent\."),
    ({"answer": "choice", "choices": "[50, high]"},
     Q.format(9) + r"the choices about 'cnn-accuracy-by-shift', a fraction, must be numbers "
                   r"\(in percent\)\."),
    ({"when": "{speed: 2}"},
     Q.format(9) + r"'cnn-accuracy-by-shift' is not measured with a condition 'speed'\. Its measurements "
                   r"record: pixels: ordinary, or shuffled"),
    ({"min": 80, "max": 20}, Q.format(10) + r"max \(20\) must be larger than min \(80\)\."),
    ({"demo": "one-step", "quantity": "loss-after-step", "at": None, "answer": "number"},
     Q.format(7) + r"'loss-after-step' is one of several words: answer it with a choice\."),
    ({"demo": "draw-a-digit", "quantity": "parameters", "at": None},
     Q.format(7) + r"a slider needs a range: give min and max \('parameters' declares none\)\."),
    ({"demo": "receptive-field", "quantity": "weights-by-layer", "at": "conv9"},
     Q.format(7) + r"at: 'conv9' is not one of 'weights-by-layer''s x values: conv1, conv2, dense1, "
                   r"dense2, softmax\."),
    ({"demo": "tfjs-vis-mnist", "quantity": "hardest-class", "at": None, "answer": "choice",
      "choices": "[1, 12]"}, Q.format(8) + r"12 is not a value of 'hardest-class': it can be 0, 1, 2"),
]


@pytest.mark.parametrize("fields,message", BAD_FIELDS)
def test_a_bad_question_names_page_line_and_what_to_do(course, fields, message):
    page = block({k: v for k, v in (BASE | fields).items() if k != "embed"}, embed=fields.get("embed"))
    with pytest.raises(BuildError, match=message):
        render(course, page)


@pytest.mark.parametrize("text,message", [
    ('!!! predict What share?\n    name: q',
     r"p\.md:2: malformed question '!!! predict What share\?': write it as !!! predict \"the question\?\""),
    ('??? predict "What?"\n    name: q', r"p\.md:2: malformed question"),
    ('!!! predict "What?"\n',
     r"p\.md:2: a question needs its fields on the lines under it, indented by four spaces"),
    ('!!! predict "What?"\n    name: [q\n    demo: x', r"p\.md:4: the question's fields do not read as YAML"),
    ('!!! predict "What?"\n    just words', r"p\.md:3: the question's fields must be lines of name: value\."),
])
def test_a_malformed_block_names_page_and_line(course, text, message):
    with pytest.raises(BuildError, match=message):
        render(course, "# P\n" + text)


def write_course(docs: Path, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text)


def test_the_course_scan_finds_every_question_in_nav_order(course, tmp_path):
    docs = tmp_path / "site_src"
    write_course(docs, {"b.md": SHIFT_4.replace("cnn-at-4", "second"),
                        "a.md": SHIFT_4.replace("cnn-at-4", "first"),
                        "c/summary.md": "# Summary\n\n{{ questions() }}\n"})
    scanned = Course(course.demos, course.models, CLASSES, "A course", HTML)
    scanned.scan(docs, tmp_path, ["b.md", "c/summary.md", "a.md"])
    assert [q.bound.name for q in scanned.questions] == ["second", "first"]
    gathered = scanned.gathering("c/summary.md")
    assert gathered.index("../b.html#cnn-question-second") < gathered.index("../a.html#cnn-question-first")
    assert 'data-cnn-answers data-course="A course"' in gathered and "(Page)" in gathered


def test_two_questions_may_not_share_a_name(course, tmp_path):
    docs = tmp_path / "site_src"
    write_course(docs, {"a.md": SHIFT_4, "b.md": SHIFT_4})
    with pytest.raises(BuildError, match=r"site_src/b\.md:4: question name 'cnn-at-4' is used twice \(also "
                                         r"at site_src/a\.md:4\); each question needs a name of its own\."):
        Course(course.demos, course.models, CLASSES, "A course", HTML).scan(docs, tmp_path, [])


def test_a_notebook_page_names_the_cell_and_its_line(course, tmp_path):
    notebook = nbformat.v4.new_notebook()
    def cell(fields: dict) -> str:  # the question alone, without the page's title and embed
        return block(fields).split("\n", 2)[2].split("{{")[0]

    notebook.cells = [nbformat.v4.new_markdown_cell('# Notebook\n\n{{ demo("mlp-vs-cnn") }}'),
                      nbformat.v4.new_code_cell("x = 1"),
                      nbformat.v4.new_markdown_cell(cell(BASE | {"at": 12}))]
    docs = tmp_path / "site_src"
    write_course(docs, {"nb.ipynb": nbformat.writes(notebook)})
    with pytest.raises(BuildError, match=r"site_src/nb\.ipynb cell 3:5: question 'q': at: 12 is not one of"):
        Course(course.demos, course.models, CLASSES, "A course", HTML).scan(docs, tmp_path, [])
    # The demo of cell 1 is on the page of cell 3: a good question there binds to it.
    notebook.cells[2].source = cell(BASE)
    write_course(docs, {"nb.ipynb": nbformat.writes(notebook)})
    scanned = Course(course.demos, course.models, CLASSES, "A course", HTML)
    scanned.scan(docs, tmp_path, [])
    assert scanned.questions[0].bound.widget["target"] == "mlp-vs-cnn-1"
    assert scanned.questions[0].page_title == "Notebook"


def test_without_the_cnn_demos_build_a_question_stops_the_conversion():
    md = markdown.Markdown(extensions=["builder.pages.markdown", "admonition"])
    with pytest.raises(BuildError, match=r"a page:3: this page embeds a demo or a question"):
        md.convert('# A\n\n!!! predict "What?"\n    name: q\n')


def test_the_builds_measures_of_a_model(tmp_path):
    """Weights and receptive fields from model.json, as the summary's questions state them."""
    lenet = stand_in(tmp_path / "lenet", "lenet")
    weights = measure(lenet, {"measure": "weights_by_layer", "model": "lenet"}).value
    assert weights == [["conv1", 5 * 5 * 6 + 6], ["conv2", 5 * 5 * 6 * 16 + 16], ["dense1", 400 * 120 + 120],
                       ["dense2", 120 * 84 + 84], ["softmax", 84 * 10 + 10]]
    fields = measure(lenet, {"measure": "receptive_field_by_layer", "model": "lenet"}).value
    # conv1 sees 5; pooling adds 1 and doubles the spacing; conv2 adds 4 steps of 2; pool2 adds 2.
    assert fields == [["conv1", 5], ["pool1", 6], ["conv2", 14], ["pool2", 16]]
    assert measure(lenet, {"measure": "receptive_field", "model": "lenet", "layer": "pool2"}).value == 16
    assert measure(lenet, {"measure": "parameters", "model": "lenet"}).value == 61706
    with pytest.raises(ValueError, match=r"model 'lenet' has no layer 'conv3' to measure layer weights of; "
                                         r"it has: conv1, conv2, dense1, dense2, softmax\."):
        measure(lenet, {"measure": "layer_weights", "model": "lenet", "layer": "conv3"})


@pytest.mark.parametrize("declared,message", [
    ({"Fast": {"type": "count", "description": "x"}}, r"quantity 'Fast' must be named in lower-case words"),
    ({"a": {"type": "speed", "description": "x"}},
     r"quantity 'a' needs \"type\" \(one of fraction, count, number, category, series\) and a "
     r"\"description\""),
    ({"a": {"type": "count", "description": "x", "colour": 1}},
     r"quantity 'a' has unknown keys \['colour'\]"),
    ({"a": {"type": "series", "of": "count", "description": "x"}}, r"is a live series, so it needs \"x\""),
    ({"a": {"type": "category", "description": "x"}}, r"of type category needs \"values\""),
    ({"a": {"type": "count", "description": "x", "build": {"measure": "parameters", "model": "other"}}},
     r"is measured from model 'other', which is not one of the demo's \"models\" \(lenet\)\."),
    ({"a": {"type": "fraction", "description": "x", "build": {"measure": "parameters", "model": "lenet"}}},
     r"quantity 'a' is a fraction, but parameters measures a count\."),
    ({"a": {"type": "count", "description": "x", "build": {"measure": "layer_weights", "model": "lenet"}}},
     r"has a \"build\" layer_weights that takes \"model\" and \"layer\" only\."),
])
def test_a_bad_quantity_declaration_names_the_demo_json(declared, message):
    with pytest.raises(ValueError, match=r"demos/x/demo\.json: (quantity .a. )?" + message):
        parse_quantities(declared, "demos/x/demo.json", ["lenet"])


def test_a_revealing_control_must_be_in_the_template(tmp_path):
    folder = tmp_path / "my-demo"
    folder.mkdir()
    (folder / "embed.html.j2").write_text('<section data-cnn-demo="my-demo"><button data-action="go">Go'
                                          "</button></section>")
    speed = {"type": "number", "description": "how fast", "revealed_by": ["go", "run"]}
    (folder / "demo.json").write_text(json.dumps({"title": "Mine", "template": "embed.html.j2",
                                                  "quantities": {"speed": speed}}))
    with pytest.raises(BuildError, match=r"my-demo/demo\.json: quantity 'speed' is revealed_by 'run', but "
                                         r'embed\.html\.j2 has no data-action="run" or data-setting="run"\.'):
        load_demo(folder, ROOT / "demos" / "_shared")


def test_every_demo_exposes_quantities():
    for name, demo in DEMOS.items():
        assert demo.quantities, f"{name} exposes no quantity for questions"
        assert all(spec.description for spec in demo.quantities.values())


def test_the_extension_renders_a_question_under_python_markdown(course):
    """Through Python-Markdown, as a front end runs it: the element stays as rendered."""
    class Pages:
        def markdown_lines(self, lines, page, stash):
            return course.page_lines(lines, page.source, stash)

    demo_embeds.activate(Pages(), lambda md: demo_embeds.PageRef("site_src/a.md", "a.md"))
    try:
        out = markdown.Markdown(extensions=["builder.pages.markdown", "admonition"]).convert(
            '# A\n\n!!! predict "How many weights?"\n    name: w\n    demo: receptive-field\n'
            '    quantity: parameters\n    answer: number\n\nAfter.')
    finally:
        demo_embeds.deactivate()
    assert '<section class="cnn-question" id="cnn-question-w" data-cnn-question="w"' in out
    assert "<p>After.</p>" in out
    assert "admonition" not in out


def test_the_authors_guide_lists_every_quantity():
    """docs/authors.md's table of quantities is the demos' own, row for row."""
    guide = (ROOT / "docs" / "authors.md").read_text()
    row = r"^\| `([a-z0-9-]+)` \| `([a-z0-9-]+)` \| (?:fraction|count|number|category|series)"
    listed = set(re.findall(row, guide, re.M))
    assert listed == {(name, q) for name, demo in DEMOS.items() for q in demo.quantities}
