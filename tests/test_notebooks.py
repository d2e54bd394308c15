"""Jupytext-Markdown notebooks as course pages: header hidden, code verbatim, downloadable."""

import base64
import contextlib
import html
import io
import re
import zipfile

import jupytext
import nbformat
import pytest

from browser import ALL_READY, ANY_FAILED, open_page
from builder.pages.notebooks import cells, is_notebook
from builder.pages.notebooks.cells import HOSTED_SENTENCE, INSIDE_SENTENCE
from conftest import ROOT, run_cli
from test_build import copy_project
from test_site import SHARED_CACHE

CODE = 'd = {"a": {1, 2}}\nx = 3\nprint(f"{x}")\nprint("{{ demo(\'draw-a-digit\') }}")'


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_the_worked_convolution_prints_what_the_page_says():
    source = (ROOT / "site_src" / "cnns-and-mlps.md").read_text()
    notebook = jupytext.reads(source, fmt="md")
    assert is_notebook({"jupyter": dict(notebook.metadata)})
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(code, {})  # noqa: S102 - our own page's code
    shown = "".join(re.findall(r"```text\n(.*?)```", source, re.S))
    assert printed.getvalue() == shown


def test_only_jupytext_headers_make_notebooks():
    assert not is_notebook({"title": "A page"})
    assert not is_notebook({"jupyter": {"kernelspec": {}}})
    assert is_notebook({"jupyter": {"jupytext": {}, "kernelspec": {}}})


PNG = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNwOMDgcAAABYYCAUIriVUAAAAASUVORK5CYII="
TABLE = ("<table><thead><tr><th>digit</th><th>count</th></tr></thead>"
         "<tbody><tr><td>7</td><td>1028</td></tr></tbody></table>")


def ipynb_notebook() -> nbformat.NotebookNode:
    """An .ipynb as Jupyter saves one: Markdown with an embed, code with stored outputs."""
    return nbformat.v4.new_notebook(
        metadata={"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                  "language_info": {"name": "python", "pygments_lexer": "ipython3"}},
        cells=[
            nbformat.v4.new_markdown_cell("# Stored outputs\n\nA notebook saved by Jupyter.", id="intro"),
            nbformat.v4.new_code_cell("for d in range(2):\n    print(f'digit {d}')", id="loop", outputs=[
                nbformat.v4.new_output("stream", name="stdout", text="digit 0\ndigit 1\n")],
                execution_count=1),
            nbformat.v4.new_code_cell("counts", id="table", execution_count=2, outputs=[
                nbformat.v4.new_output("execute_result", execution_count=2,
                                       data={"text/plain": "   digit  count", "text/html": TABLE})]),
            nbformat.v4.new_code_cell("show(image)", id="image", execution_count=3, outputs=[
                nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]),
            nbformat.v4.new_markdown_cell('Draw one:\n\n{{ demo("draw-a-digit") }}\n\nAnd read it.',
                                          id="try"),
        ],
    )


@pytest.fixture(scope="module")
def notebook_site(tmp_path_factory):
    """A throwaway project with a notebook written by jupytext and an .ipynb, built with its zip."""
    tmp = tmp_path_factory.mktemp("notebook")
    project = copy_project(tmp / "project")
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}},
        cells=[
            nbformat.v4.new_markdown_cell(
                "# Braces and embeds\n\nSome text.\n\n"
                '<div class="raw-check"><strong>raw HTML</strong> kept</div>'),
            nbformat.v4.new_code_cell(CODE),
            nbformat.v4.new_markdown_cell('Try it:\n\n{{ demo("draw-a-digit") }}\n\nThe end.'),
        ],
    )
    source = jupytext.writes(notebook, fmt="md")
    assert source.startswith("---\njupyter:\n") and "jupytext:" in source
    (project / "site_src" / "nb-test.md").write_text(source)
    nbformat.write(ipynb_notebook(), project / "site_src" / "stored.ipynb")
    run_cli("build", "--strict", "--site-dir", str(tmp / "site"), "--zip", str(tmp / "site.zip"),
            env=SHARED_CACHE, cwd=project)
    with zipfile.ZipFile(tmp / "site.zip") as archive:
        archive.extractall(tmp / "unzipped")
    return tmp / "site", tmp / "unzipped" / "cnn-demos-site", source


def _article(page: str) -> str:
    return page[page.index("<article"):page.index("</article>")]


@pytest.mark.slow
def test_notebook_page_renders_without_header_and_with_code_verbatim(notebook_site):
    site, _, source = notebook_site
    page = (site / "nb-test.html").read_text()
    article = _article(page)
    for header in ("jupytext_version", "text_representation", "kernelspec", "display_name"):
        assert header not in article
    assert "<title>Braces and embeds" in page
    assert re.search(r"<h1[^>]*>Braces and embeds", article)
    code = "\n".join(_text(b) for b in re.findall(r"<code>(.*?)</code>", article, re.S))
    for line in CODE.split("\n"):
        assert line in code
    assert '<div class="raw-check"><strong>raw HTML</strong> kept</div>' in article
    # The embed line became the demo; the same text inside a code cell stayed text.
    assert article.count('data-cnn-demo="draw-a-digit"') == 1
    assert _text(article).count("{{ demo(") == 1
    assert '<div class="highlight">' in article and '<span class="nb">print</span>' in article
    # Plain pages get no notebook link.
    assert "cnn-notebook-download" not in (site / "training.html").read_text()


HOSTED_CELL = cells.demo_cell("draw-a-digit", {}, "nb-test.ipynb", inside=False)
INSIDE_CELL = cells.demo_cell("draw-a-digit", {}, "nb-test.ipynb", inside=True)
INSTALL_HOSTED = cells.INSTALL.format(wheels="cnn-demos-site/wheels")
INSTALL_INSIDE = cells.INSTALL.format(wheels="wheels")


def test_the_demo_cell_shows_the_widget_with_the_embed_options_else_the_one_way_view():
    assert cells.demo_cell("convnetjs-mnist", {"hide": ["layers"]}, "course/nb.ipynb", inside=True) == (
        "try:\n    from cnn_demos import show\n"
        "except ImportError:  # without the widget: the demo shown one way, from the unzipped site\n"
        '    show = __import__("runpy").run_path("../show_demo.py")["show"]\n'
        "pad = show('convnetjs-mnist', hide=['layers'])")


@pytest.mark.slow
def test_notebook_downloads_keep_the_demo_as_a_code_cell(notebook_site):
    """Both downloads (jupytext Markdown, and the .ipynb made from it) read back as the page's
    cells, with the embed line turned into the one-line cell and the sentence before it; the
    copies inside the zip run show_demo.py from the site they sit in."""
    site, unzipped, source = notebook_site
    article = _article((site / "nb-test.html").read_text())
    links = re.findall(r'<a href="([^"]+)" download', article)
    assert links == ["nb-test.ipynb", "nb-test.notebook.md"]
    for folder, cell, sentence in ((site, HOSTED_CELL, HOSTED_SENTENCE + INSTALL_HOSTED),
                                   (unzipped, INSIDE_CELL, INSIDE_SENTENCE + INSTALL_INSIDE)):
        offered = (folder / "nb-test.notebook.md").read_text()
        # The page's own text, but for the embed line.
        assert offered == source.replace('{{ demo("draw-a-digit") }}',
                                         f"{sentence}\n\n```python\n{cell}\n```")
        as_ipynb = nbformat.reads((folder / "nb-test.ipynb").read_text(), as_version=4)
        nbformat.validate(as_ipynb)
        for notebook in (jupytext.reads(offered, fmt="md"), as_ipynb):
            assert [c.source for c in notebook.cells if c.cell_type == "code"] == [CODE, cell]
            markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
            assert markdown[-2:] == [f"Try it:\n\n{sentence}", "The end."]
    assert "cnn-demos-site.zip" in (site / "nb-test.notebook.md").read_text()
    # The same notebook gives the same .ipynb at every build (cell ids are not random).
    assert [c.id for c in as_ipynb.cells][:2] == ["cell-1", "cell-2"]


@pytest.mark.slow
def test_ipynb_page_shows_cells_outputs_and_demo(notebook_site):
    site, unzipped, _ = notebook_site
    page = (site / "stored.html").read_text()
    article = _article(page)
    assert "<title>Stored outputs" in page and re.search(r"<h1[^>]*>Stored outputs", article)
    assert "A notebook saved by Jupyter." in article
    assert '<span class="k">for</span>' in article  # highlighted as Python
    assert "digit 0\ndigit 1" in _text(article)  # the stream output
    assert TABLE in article  # the HTML output, as HTML
    image = re.search(r'<img alt="png" src="([^"]+)"', article)
    assert image and (site / image.group(1)).read_bytes() == base64.b64decode(PNG)
    assert (unzipped / image.group(1)).is_file()
    assert article.count('data-cnn-demo="draw-a-digit"') == 1 and "{{ demo(" not in article
    assert 'data-cnn-demo' in (unzipped / "stored.html").read_text()
    # Its download: the .ipynb itself, outputs kept, the embed line now a code cell.
    links = re.findall(r'<a href="([^"]+)" download', article)
    assert links == ["stored.ipynb"]
    for folder, cell in ((site, HOSTED_CELL), (unzipped, INSIDE_CELL)):
        offered = nbformat.reads((folder / "stored.ipynb").read_text(), as_version=4)
        nbformat.validate(offered)
        original = ipynb_notebook()
        assert [c.id for c in offered.cells] == ["intro", "loop", "table", "image", "try", "try-1", "try-2"]
        assert offered.cells[1:4] == original.cells[1:4]  # code and outputs as saved
        assert offered.cells[5].source == cell
        assert offered.cells[6].source == "And read it."
    assert "stored.ipynb" not in {p.name for p in (site / "stored_files").glob("*")}


@pytest.mark.browser
@pytest.mark.slow
def test_notebook_page_from_the_zip_runs_its_demo_and_offers_the_file(notebook_site, browser):
    _, unzipped, source = notebook_site
    for name, download in (("nb-test", "nb-test.ipynb"), ("stored", "stored.ipynb")):
        watched = open_page(browser, (unzipped / f"{name}.html").as_uri())
        try:
            watched.page.wait_for_function(f"{ALL_READY} || {ANY_FAILED}", timeout=90_000)
            state = watched.page.get_attribute("[data-cnn-demo]", "data-demo-state")
            assert state == "ready", watched.errors
            href = watched.page.eval_on_selector(".cnn-notebook-download a", "a => a.href")
            assert href == (unzipped / download).as_uri()
            watched.assert_clean()
        finally:
            watched.page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize("text,message", [
    ('{"cells": [\n  {"cell_type": "markdown",\n   "source": "x"\n  ,]}',
     "site_src/broken.ipynb:4:4: not valid JSON"),
    ('{"cells": [], "nbformat": 4, "nbformat_minor": 5}',
     "site_src/broken.ipynb: not a valid Jupyter notebook"),
    (nbformat.writes(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_markdown_cell('Hi\n{{ demo("nope") }}')])),
     "site_src/broken.ipynb cell 2:2: unknown demo 'nope'"),
], ids=["not JSON", "not a notebook", "unknown demo"])
def test_a_broken_ipynb_fails_the_build_naming_file_and_position(tmp_path, text, message):
    project = copy_project(tmp_path / "project")
    (project / "site_src" / "broken.ipynb").write_text(text)
    result = run_cli("build", "--site-dir", str(tmp_path / "site"), "--zip", str(tmp_path / "site.zip"),
                     env=SHARED_CACHE, cwd=project, check=False)
    log = result.stdout + result.stderr
    assert result.returncode == 1 and message in log and "Traceback" not in log, log
    assert not (tmp_path / "site.zip").exists()
