"""`cnn-demos serve`: serves the site and rebuilds when a page, a demo or a model changes."""

import os
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import CLI, run_cli
from test_build import SMALL, copy_project

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def wait_for(url: str, needle: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never contained {needle!r} within {seconds} s")


def test_serve_rebuilds_on_page_demo_and_model_changes(tmp_path):
    project = copy_project(tmp_path)
    env = {**os.environ, "CNN_DEMOS_CACHE": str(tmp_path / "cache")}
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--dev-addr", f"127.0.0.1:{port}", *SMALL],
                              cwd=project, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        page = wait_for(f"{base}/draw-a-digit.html", 'data-cnn-demo="draw-a-digit"', 240)
        assert "cnn-demos/vendor/tf.min.js" in page

        source = project / "site_src" / "draw-a-digit.md"
        source.write_text(source.read_text() + "\nA sentence added while serving.\n")
        wait_for(f"{base}/draw-a-digit.html", "A sentence added while serving.", 90)

        ui = project / "demos" / "draw-a-digit" / "ui.js"
        ui.write_text(ui.read_text() + "\n// edited while serving\n")
        wait_for(f"{base}/cnn-demos/demos/draw-a-digit/ui.js", "edited while serving", 90)

        model = project / "models" / "recognizer.py"
        model.write_text(model.read_text().replace('"epochs": 14', '"epochs": 13'))
        # A changed definition is a new cache key: the model is trained again while serving.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            entries = [p for p in (tmp_path / "cache" / "train").iterdir() if not p.name.startswith(".")]
            if len(entries) >= 3:  # recognizer before, LeNet, recognizer after
                break
            time.sleep(1)
        assert len(entries) >= 3, f"no retraining after the model changed: {entries}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("command", ["build", "serve", "train"])
def test_every_command_has_help(command):
    result = run_cli(command, "--help")
    assert "--data" in result.stdout and "Usage:" in result.stdout
