"""The demos shown one way in Jupyter, without the widget package: the offline zip unpacked beside
a notebook, `%run cnn-demos-site/show_demo.py <demo>` in a real JupyterLab 4 and Notebook 7 in
Chromium, and the downloaded notebooks executed by nbclient, whose demo cells fall back to
show_demo.py when cnn_demos is not installed. (The widget itself: tests/test_notebook_widget.py.)"""

import html
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from browser import ALL_READY, ANY_FAILED, open_page, wait_until
from builder import paths
from builder.for_readers import show_demo
from notebook_servers import demo_frame, frame_errors, run_first_cell, unpack_beside

SRCDOC = re.compile(r'<iframe srcdoc="([^"]+)" sandbox="allow-scripts" title="([^"]+)"')


def demo_notebook(folder: Path, name: str, cells: list[str]) -> Path:
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        cells=[nbformat.v4.new_code_cell(c) for c in cells])
    path = folder / name
    nbformat.write(notebook, path)
    return path


def run_notebook(path: Path, **options) -> nbformat.NotebookNode:
    """Execute a notebook as Jupyter would, in its own folder, and write it back."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}, **options).execute()
    nbformat.write(notebook, path)
    return notebook


def shown_pages(notebook: nbformat.NotebookNode) -> list[str]:
    """The page in the one-way view of each code cell that shows a demo."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type == "code" and "pad = show(" in cell.source:
            outputs = [o for o in cell.outputs if "text/html" in o.get("data", {})]
            assert len(outputs) == 1, (cell.source, cell.outputs)
            match = SRCDOC.search(outputs[0]["data"]["text/html"])
            assert match, outputs[0]["data"]["text/html"][:300]
            found.append(html.unescape(match.group(1)))
    return found


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_the_helper_reads_the_folder_the_build_writes():
    assert show_demo.EMBED_DIR == paths.STANDALONE_DIR


def test_the_helper_names_the_demos_when_one_is_unknown_takes_a_height_and_writes_nothing(
        built_site, tmp_path, monkeypatch):
    """show_demo.py as shipped: run by Python (plain text), and its main() as %run calls it (the
    page inside a sandboxed srcdoc frame, at the height asked for), with no file written."""
    folder = unpack_beside(built_site.unzipped, tmp_path)
    before = files_of(folder)
    helper = f"{paths.ZIP_TOP}/{paths.JUPYTER_HELPER}"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, helper, *args], cwd=folder, capture_output=True, text=True)

    unknown = run("nope")
    assert "No demo named 'nope'" in unknown.stderr and "draw-a-digit, mlp-vs-cnn" in unknown.stderr
    assert "Usage: %run" in run().stderr
    assert run("draw-a-digit").stdout.strip() == (
        "Draw a digit · CNN demos: the demo, shown where a notebook renders HTML output")

    import IPython.display

    shipped = runpy.run_path(str(folder / helper))  # the copy in the site, not builder/for_readers
    shown: list = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    monkeypatch.setitem(shipped["show"].__globals__, "execution_count", lambda: 1)
    monkeypatch.chdir(folder)
    shipped["main"]([helper, "mlp-vs-cnn", "900"])
    [frame] = shown
    markup = frame._repr_html_()
    assert markup.endswith('title="An MLP and a CNN, side by side · CNN demos" width="100%" height="900" '
                           'style="border: 1px solid #ccc"></iframe>')
    page = html.unescape(SRCDOC.search(markup).group(1))
    assert 'data-cnn-demo="mlp-vs-cnn"' in page
    assert "<script src=" not in page and 'rel="stylesheet"' not in page  # all inside
    assert files_of(folder) == before


@pytest.mark.slow
def test_downloaded_notebooks_without_the_widget_show_each_demo_one_way(built_site, tmp_path):
    """nbclient runs the .ipynb downloaded from the hosted site next to the unpacked zip, and
    the copy inside the zip where it lies, in a Python without cnn_demos: each demo cell falls
    back to show_demo.py, whose output holds the demo's page."""
    assert 'href="cnns-and-mlps.ipynb"' in (built_site.site / "cnns-and-mlps.html").read_text()
    expected = re.findall(r'\{\{ demo\("([a-z-]+)"\) \}\}',
                          (Path(__file__).parents[1] / "site_src" / "cnns-and-mlps.md").read_text())
    assert expected == ["convolution-explorer", "receptive-field"]

    hosted = unpack_beside(built_site.unzipped, tmp_path / "student")
    shutil.copy(built_site.site / "cnns-and-mlps.ipynb", hosted / "cnns-and-mlps.ipynb")
    inside = hosted / paths.ZIP_TOP / "cnns-and-mlps.ipynb"  # the zip's own copy
    before = files_of(hosted)
    for notebook_path in (hosted / "cnns-and-mlps.ipynb", inside):
        pages = shown_pages(run_notebook(notebook_path))
        assert [re.search(r'data-cnn-demo="([a-z-]+)"', p).group(1) for p in pages] == expected
        assert all("<script src=" not in p for p in pages)  # every script inside the page
    written = [p for p in files_of(hosted) if p.suffix != ".ipynb"]
    assert written == [p for p in before if p.suffix != ".ipynb"]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("app, path, demo", [
    ("JupyterLab 4", "lab/tree", "draw-a-digit"),
    ("Notebook 7", "notebooks", "tensorspace-lenet"),
])
def test_one_line_in_a_notebook_shows_a_working_demo(app, path, demo, jupyter, browser):
    line = f"%run {paths.ZIP_TOP}/{paths.JUPYTER_HELPER} {demo}"
    notebook = demo_notebook(jupyter.root, f"one-way-{demo}.ipynb", [line])
    # Jupyter's own policy and the page's both apply, as for a student.
    watched = open_page(browser, jupyter.url(path, notebook.name), enforce_csp=True)
    errors = frame_errors(watched.page)
    try:
        run_first_cell(watched.page)
        frame = demo_frame(watched.page, ".jp-OutputArea-output")
        wait_until(frame, f"{ALL_READY} || {ANY_FAILED}")
        states = frame.eval_on_selector_all("[data-cnn-demo]", "els => els.map(e => e.dataset.demoState)")
        assert states == ["ready"], (states, watched.errors)
        assert watched.external == [], watched.external
        assert errors == [] and [f for f in watched.failed if "/files/" in f] == [], (errors, watched.failed)
    finally:
        watched.page.context.close()
