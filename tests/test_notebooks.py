"""Jupytext-Markdown notebooks as course pages: header hidden, code verbatim, downloadable."""

import contextlib
import html
import io
import re
import zipfile

import jupytext
import nbformat
import pytest

from browser import ALL_READY, ANY_FAILED, open_page
from builder.pages.notebooks import is_notebook
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


@pytest.fixture(scope="module")
def notebook_site(tmp_path_factory):
    """A throwaway project with a notebook written by jupytext, built with its zip."""
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
    run_cli("build", "--strict", "--site-dir", str(tmp / "site"), "--zip", str(tmp / "site.zip"),
            env=SHARED_CACHE, cwd=project)
    with zipfile.ZipFile(tmp / "site.zip") as archive:
        archive.extractall(tmp / "unzipped")
    return tmp / "site", tmp / "unzipped" / "cnn-demos-site", source


@pytest.mark.slow
def test_notebook_page_renders_without_header_and_with_code_verbatim(notebook_site):
    site, _, source = notebook_site
    page = (site / "nb-test.html").read_text()
    article = page[page.index("<article"):page.index("</article>")]
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
    # The download: the notebook's own text beside the page, and jupytext reads it back.
    link = re.search(r'<a href="([^"]+)" download', article)
    assert link and link.group(1) == "nb-test.notebook.md"
    offered = (site / link.group(1)).read_text()
    assert offered == source
    cells = jupytext.reads(offered, fmt="md").cells
    assert [c.source for c in cells if c.cell_type == "code"] == [CODE]
    # Plain pages get no notebook link.
    assert "cnn-notebook-download" not in (site / "training.html").read_text()


@pytest.mark.browser
@pytest.mark.slow
def test_notebook_page_from_the_zip_runs_its_demo_and_offers_the_file(notebook_site, browser):
    _, unzipped, source = notebook_site
    watched = open_page(browser, (unzipped / "nb-test.html").as_uri())
    try:
        watched.page.wait_for_function(f"{ALL_READY} || {ANY_FAILED}", timeout=90_000)
        state = watched.page.get_attribute("[data-cnn-demo]", "data-demo-state")
        assert state == "ready", watched.errors
        href = watched.page.eval_on_selector(".cnn-notebook-download a", "a => a.href")
        assert href.startswith("file://")
        assert (unzipped / "nb-test.notebook.md").read_text() == source
        assert href == (unzipped / "nb-test.notebook.md").as_uri()
        watched.assert_clean()
    finally:
        watched.page.context.close()
