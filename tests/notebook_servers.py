"""Real notebook servers for the tests, as a student runs them: a jupyter-server with JupyterLab 4
and Notebook 7, and marimo in a venv of its own; the notebook widget installed from the unzipped
site's wheels/ folder with no index; and a second client on a notebook's own kernel, to read and
set what the student would in a cell."""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from builder import paths

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unpack_beside(site: Path, folder: Path) -> Path:
    """The unzipped site copied into folder, as a student unpacks it beside a notebook."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site, folder / paths.ZIP_TOP)
    return folder


def pip_install_offline(python: Path | str, wheels: Path, *args: str) -> subprocess.CompletedProcess:
    """`pip install --no-index --find-links <wheels> ...`, as the Jupyter guide tells a student."""
    return subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           "--no-index", "--find-links", str(wheels), *args],
                          capture_output=True, text=True, check=True)


def wait_for_http(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(url) as response:
                response.read()
            return
        except OSError:
            assert time.monotonic() < deadline, f"{url} did not answer in {seconds} s:\n{log.read_text()}"
            time.sleep(0.3)


@dataclass(frozen=True)
class Jupyter:
    base: str
    token: str
    root: Path  # the server's root folder: the unpacked site, and the notebooks a test writes
    runtime: Path  # the kernels' connection files

    def url(self, app_path: str, notebook: str) -> str:
        return f"{self.base}/{app_path}/{notebook}?reset&token={self.token}"

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.base}/api/{path}?token={self.token}") as response:
            return json.load(response)


@contextmanager
def jupyter_server(root: Path, home: Path, python_path: Path) -> Iterator[Jupyter]:
    """A jupyter-server with JupyterLab and Notebook 7 on 127.0.0.1, with its own token and its
    own config, data and runtime folders; its kernels import python_path first (the widget)."""
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
           "PYTHONPATH": str(python_path), "TF_CPP_MIN_LOG_LEVEL": "3", "TF_USE_LEGACY_KERAS": "1"}
    home.mkdir(parents=True, exist_ok=True)
    log = home / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             "--allow-root"],  # CI runs as root
            env=env, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(f"{base}/api/status?token={token}", server, log)
            yield Jupyter(base, token, root, home / "runtime")
        finally:
            server.terminate()
            server.wait(timeout=30)


def notebook_kernel(jupyter: Jupyter, notebook: str, seconds: float = 60):
    """A second client on the kernel of the notebook the browser has open (its session)."""
    from jupyter_client import BlockingKernelClient

    deadline = time.monotonic() + seconds
    while True:
        sessions = [s for s in jupyter.api("sessions") if s["path"].endswith(notebook)]
        if sessions:
            break
        assert time.monotonic() < deadline, f"no kernel for {notebook}"
        time.sleep(0.3)
    kernel = sessions[0]["kernel"]["id"]
    client = BlockingKernelClient(connection_file=str(jupyter.runtime / f"kernel-{kernel}.json"))
    client.load_connection_file()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    return client


def run_in_kernel(client, code: str, timeout: float = 120) -> str:
    """Run code in the kernel; what it printed (an error fails the test with its traceback)."""
    printed: list[str] = []

    def output(message) -> None:
        content = message["content"]
        if message["msg_type"] == "stream":
            printed.append(content["text"])
        elif message["msg_type"] == "error":
            printed.append("\n".join(content["traceback"]))

    reply = client.execute_interactive(code, timeout=timeout, output_hook=output)
    assert reply["content"]["status"] == "ok", "".join(printed)
    return "".join(printed)


def kernel_json(client, expression: str, timeout: float = 120):
    """The value of a JSON-able expression in the kernel."""
    return json.loads(run_in_kernel(client, f"import json as _j; print(_j.dumps({expression}))", timeout))


def kernel_wait(client, condition: str, seconds: float = 90) -> None:
    """Until condition (Python, in the kernel) is true; the kernel handles the widget's messages
    between two tries, as it does between two cells."""
    deadline = time.monotonic() + seconds
    while not kernel_json(client, f"bool({condition})"):
        assert time.monotonic() < deadline, f"never true in the kernel: {condition}"
        time.sleep(0.3)


def run_first_cell(page) -> None:
    """Shift+Enter in a notebook's first cell (JupyterLab or Notebook 7), as a student runs it,
    once the kernel is idle (a key pressed before that is lost). A notebook that has just opened
    may still be wiring its keys: press again until the prompt shows the cell ran or runs."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    editor = page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").first
    editor.wait_for(timeout=60_000)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
    prompt = page.locator(".jp-Cell .jp-InputPrompt").first
    for _ in range(10):
        dialogs = page.locator(".jp-Dialog")
        if dialogs.count():
            # JupyterLab asks for a kernel when it opens a notebook before its kernel list has
            # loaded (a busy machine): a student presses Select, the preferred kernel chosen.
            text = dialogs.first.inner_text()
            assert text.startswith("Select Kernel"), text
            dialogs.first.locator("button.jp-mod-accept").click()
            page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
            continue
        editor.click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function("p => /\\[(\\*|\\d+)\\]/.test(p.textContent)",
                                   arg=prompt.element_handle(), timeout=3_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("the first cell never ran")


def demo_frame(page, within: str, seconds: float = 90, iframe: str = "iframe"):
    """The frame of the demo shown in an output (selector `within`), once its page is in it."""
    element = page.wait_for_selector(f"{within} {iframe}", timeout=seconds * 1000)
    deadline = time.monotonic() + seconds
    while True:
        frame = element.content_frame()
        if frame is not None and frame.url == "about:srcdoc" and frame.query_selector("[data-cnn-demo]"):
            return frame
        assert time.monotonic() < deadline, "the output's frame never held the demo's page"
        page.wait_for_timeout(200)


def frame_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of the demos' frames (srcdoc), from now on; the
    notebook application's own are not ours to judge."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and m.location.get("url", "") == "about:srcdoc" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}")
            if "about:srcdoc" in (e.stack or "") else None)
    return errors
