"""The demos inside Jupyter, as a student runs them: the offline zip unpacked beside a notebook,
one line in a cell, a real jupyter-server with JupyterLab 4 and Notebook 7 in Chromium, and the
downloaded notebooks executed by nbclient."""

import html
import json
import os
import re
import runpy
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import ALL_READY, ANY_FAILED, open_page, wait_until
from builder import paths
from builder.for_readers import show_demo

IFRAME_SRC = re.compile(r'<iframe src="([^"]+)"')


def unpack_beside(site: Path, folder: Path) -> Path:
    """The unzipped site copied into folder as a student unpacks it (show_demo.py writes into it)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site, folder / paths.ZIP_TOP)
    return folder


def demo_notebook(folder: Path, name: str, demos: list[str]) -> Path:
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        cells=[nbformat.v4.new_code_cell(f"%run {paths.ZIP_TOP}/{paths.JUPYTER_HELPER} {d}") for d in demos])
    path = folder / name
    nbformat.write(notebook, path)
    return path


def run_notebook(path: Path) -> nbformat.NotebookNode:
    """Execute a notebook as Jupyter would, in its own folder, and write it back."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(notebook, path)
    return notebook


def demo_frames(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(the cell's line, the iframe src of its HTML output) for each cell that shows a demo."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("%run "):
            outputs = [o for o in cell.outputs if "text/html" in o.get("data", {})]
            assert len(outputs) == 1, (cell.source, cell.outputs)
            match = IFRAME_SRC.search(outputs[0]["data"]["text/html"])
            assert match, outputs[0]["data"]["text/html"]
            found.append((cell.source, html.unescape(match.group(1))))
    return found


def test_the_helper_reads_the_folders_the_build_writes():
    assert show_demo.EMBED_DIR == paths.STANDALONE_DIR
    assert show_demo.JUPYTER_DIR == paths.JUPYTER_COPIES


def test_the_helper_names_the_demos_when_one_is_unknown_and_takes_a_height(built_site, tmp_path,
                                                                           monkeypatch):
    """show_demo.py as shipped: run by Python (IPython's display prints the plain-text form),
    and its main() as %run calls it (the HTML form, with the height asked for)."""
    folder = unpack_beside(built_site.unzipped, tmp_path)
    helper = f"{paths.ZIP_TOP}/{paths.JUPYTER_HELPER}"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, helper, *args], cwd=folder, capture_output=True, text=True)

    unknown = run("nope")
    assert "No demo named 'nope'" in unknown.stderr and "draw-a-digit, mlp-vs-cnn" in unknown.stderr
    assert not (folder / paths.ZIP_TOP / show_demo.JUPYTER_DIR).exists()
    assert "Usage: %run" in run().stderr
    page = f"{paths.ZIP_TOP}/{show_demo.JUPYTER_DIR}/draw-a-digit.html"
    assert run("draw-a-digit").stdout.strip() == f"Draw a digit · CNN demos: open {page} in a web browser"

    import IPython.display

    shipped = runpy.run_path(str(folder / helper))  # the copy in the site, not builder/for_readers
    shown: list = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    monkeypatch.chdir(folder)
    shipped["main"]([helper, "mlp-vs-cnn", "900"])
    assert [s._repr_html_() for s in shown] == [
        f'<iframe src="{paths.ZIP_TOP}/{show_demo.JUPYTER_DIR}/mlp-vs-cnn.html" title="An MLP and a '
        'CNN, side by side · CNN demos" width="100%" height="900" style="border: 1px solid #ccc"></iframe>']


@pytest.mark.slow
def test_downloaded_notebooks_show_each_demo_from_the_unpacked_zip(built_site, tmp_path):
    """nbclient runs the .ipynb downloaded from the hosted site next to the unpacked zip, and
    the copy inside the zip where it lies: each demo cell's output is an <iframe> onto a
    self-contained page in the unpacked site."""
    assert 'href="cnns-and-mlps.ipynb"' in (built_site.site / "cnns-and-mlps.html").read_text()
    expected = re.findall(r'\{\{ demo\("([a-z-]+)"\) \}\}',
                          (Path(__file__).parents[1] / "site_src" / "cnns-and-mlps.md").read_text())
    assert expected == ["convolution-explorer", "receptive-field"]

    hosted = unpack_beside(built_site.unzipped, tmp_path / "student")
    shutil.copy(built_site.site / "cnns-and-mlps.ipynb", hosted / "cnns-and-mlps.ipynb")
    inside = hosted / paths.ZIP_TOP / "cnns-and-mlps.ipynb"  # the zip's own copy
    for notebook_path, line in ((hosted / "cnns-and-mlps.ipynb", f"%run {paths.ZIP_TOP}/show_demo.py"),
                                (inside, "%run show_demo.py")):
        frames = demo_frames(run_notebook(notebook_path))
        assert [cell for cell, _ in frames] == [f"{line} {name}" for name in expected]
        for (_, src), name in zip(frames, expected, strict=True):
            target = (notebook_path.parent / src).resolve()
            assert target == (hosted / paths.ZIP_TOP / show_demo.JUPYTER_DIR / f"{name}.html").resolve()
            text = target.read_text()
            assert f'data-cnn-demo="{name}"' in text
            assert "<script src=" not in text and 'rel="stylesheet" href=' not in text  # all inside


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyter(built_site, tmp_path_factory):
    """A real jupyter-server with JupyterLab and Notebook 7 on 127.0.0.1, its root a folder that
    holds the unpacked site, with its own token and its own config, data and runtime folders."""
    root = unpack_beside(built_site.unzipped, tmp_path_factory.mktemp("jupyter") / "course")
    home = tmp_path_factory.mktemp("jupyter-home")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces")}
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--allow-root"],  # CI runs as root
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (home / "server.log").read_text()
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}") as response:
                    json.load(response)
                break
            except OSError:
                assert time.monotonic() < deadline, "jupyter-server did not start in 60 s"
                time.sleep(0.2)
        yield base, token, root
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _run_cell_and_wait_for_demo(browser, url: str, demo: str) -> None:
    # Jupyter's own CSP header (the sandbox) and the copy's policy both apply, as for a student.
    watched = open_page(browser, url, enforce_csp=True)
    page = watched.page
    # Errors of the demo's page (its scripts are inside it, so their place is its /files/ URL);
    # the Jupyter app's own are not ours to judge.
    frame_errors: list[str] = []
    page.on("console", lambda m: frame_errors.append(m.text)
            if m.type == "error" and "/files/" in m.location.get("url", "") else None)
    page.on("pageerror", lambda e: frame_errors.append(f"uncaught: {e}")
            if "/files/" in (e.stack or "") else None)
    try:
        editor = page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").first
        editor.wait_for(timeout=60_000)
        # The kernel has started (a key pressed before that is lost), as the toolbar shows.
        page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
        # Shift+Enter in the cell, as a student runs it. A notebook that has just opened may
        # still be wiring its keys: press again until the prompt shows the cell ran or runs.
        prompt = page.locator(".jp-Cell .jp-InputPrompt").first
        for _ in range(10):
            editor.click()
            page.keyboard.press("Shift+Enter")
            try:
                page.wait_for_function("p => /\\[(\\*|\\d+)\\]/.test(p.textContent)",
                                       arg=prompt.element_handle(), timeout=3_000)
                break
            except PlaywrightTimeout:
                continue
        frame_element = page.wait_for_selector(".jp-OutputArea-output iframe", timeout=60_000)
        frame = None
        deadline = time.monotonic() + 60
        while frame is None:
            frame = frame_element.content_frame()
            if frame is None or "/files/" not in frame.url:
                frame = None
                assert time.monotonic() < deadline, "the output's iframe never loaded a file"
                page.wait_for_timeout(200)
        assert f"/files/{paths.ZIP_TOP}/{show_demo.JUPYTER_DIR}/{demo}.html" in frame.url
        wait_until(frame, f"{ALL_READY} || {ANY_FAILED}")
        states = frame.eval_on_selector_all("[data-cnn-demo]", "els => els.map(e => e.dataset.demoState)")
        assert states == ["ready"], (states, watched.errors)
        # JupyterLab first points the new iframe at the raw relative URL, then at the file's
        # /files/ URL: the first load is cancelled. Every other load must succeed.
        failed = [f for f in watched.failed if "/files/" in f or f"{paths.ZIP_TOP}/" not in f]
        assert watched.external == [], watched.external
        assert frame_errors == [] and failed == [], (frame_errors, failed)
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("app, path, demo", [
    ("JupyterLab 4", "lab/tree", "draw-a-digit"),
    ("Notebook 7", "notebooks", "tensorspace-lenet"),
    ("JupyterLab 4", "lab/tree", "unit-explorer"),  # about 5.5 MB of scripts in one file
])
def test_one_line_in_a_notebook_shows_a_working_demo(app, path, demo, jupyter, browser):
    base, token, root = jupyter
    notebook = demo_notebook(root, f"{demo}.ipynb", [demo])
    _run_cell_and_wait_for_demo(browser, f"{base}/{path}/{notebook.name}?reset&token={token}", demo)
