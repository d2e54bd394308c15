"""Shared fixtures: the project, its data, one full site build, a local server, a browser.

The site is built once per test session through the `cnn-demos build` command users run,
with the project's own cache, so the trained model is reused between runs.
"""

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
CLI = [sys.executable, "-m", "builder.cli"]


ENGINES = ("mkdocs", "zensical")  # the front ends: every gate runs on a site of each


@dataclass(frozen=True)
class BuiltSite:
    site: Path  # as the front end wrote it
    zip: Path
    unzipped: Path  # the zip's top folder, as a reader gets it
    engine: str = "mkdocs"


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT,
            check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"cnn-demos {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def build_site(out: Path, engine: str = "mkdocs") -> BuiltSite:
    zip_path = out / "cnn-demos-site.zip"
    run_cli("build", "--engine", engine, "--site-dir", str(out / "site"), "--zip", str(zip_path))
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(out / "unzipped")
    return BuiltSite(out / "site", zip_path, out / "unzipped" / "cnn-demos-site", engine)


def built_once(tmp_path_factory, name: str, engine: str = "mkdocs") -> BuiltSite:
    """The course built once for the whole run: under pytest-xdist the first worker to ask
    builds it in the folder all workers share, the others wait for it and reuse it."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return build_site(tmp_path_factory.mktemp(name), engine)
    shared = tmp_path_factory.getbasetemp().parent  # one folder per run, above each worker's
    out = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "built").is_file():
            shutil.rmtree(out, ignore_errors=True)  # a worker that died half way
            build_site(out, engine)
            (out / "built").touch()
    return BuiltSite(out / "site", out / "cnn-demos-site.zip", out / "unzipped" / "cnn-demos-site", engine)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    return built_once(tmp_path_factory, "built")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> BuiltSite:
    return built_once(tmp_path_factory, "built-zensical", "zensical")


@pytest.fixture(scope="session", params=ENGINES)
def engine_site(request) -> BuiltSite:
    """The course built by each front end in turn."""
    return request.getfixturevalue("built_site" if request.param == "mkdocs" else "zensical_site")


@pytest.fixture(scope="session")
def serve_folder():
    """folder -> its URL on a local http server (an ephemeral port), one server a folder."""
    servers: dict[Path, ThreadingHTTPServer] = {}

    def serve(folder: Path) -> str:
        if folder not in servers:
            handler = functools.partial(_QuietHandler, directory=str(folder))
            servers[folder] = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=servers[folder].serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{servers[folder].server_address[1]}"

    yield serve
    for server in servers.values():
        server.shutdown()


@pytest.fixture(scope="session")
def http_site(built_site, serve_folder):
    """The built site over http://127.0.0.1, as `mkdocs serve` would."""
    return serve_folder(built_site.site)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        # A page with no icon of its own (a test's page) makes Chromium ask for /favicon.ico: a
        # 404 there is a console error that no page made. No content instead.
        if self.path == "/favicon.ico" and not Path(self.translate_path(self.path)).exists():
            self.send_response(204)
            self.end_headers()
            return None
        return super().send_head()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup --browser (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _close_pages_left_open(request):
    """After a browser test, close any page it opened and left open: an idle page still costs
    CPU (the machine has two cores), and it would slow every test after it. Pages of module- or
    session-wide fixtures are set up before this runs, so they stay open."""
    browser = request.getfixturevalue("browser") if "browser" in request.fixturenames else None
    before = set(browser.contexts) if browser else set()
    yield
    for context in browser.contexts if browser else []:
        if context not in before:
            context.close()


@pytest.fixture(scope="session")
def widget_package(built_site, tmp_path_factory) -> Path:
    """The notebook widget (cnn_demos) installed from the unzipped site's wheels/ folder with no
    index, in a folder of its own (its dependencies are this environment's)."""
    from notebook_servers import pip_install_offline

    target = tmp_path_factory.mktemp("widget-package")
    pip_install_offline(sys.executable, built_site.unzipped / "wheels", "--no-deps", "--target", str(target),
                        "cnn-demos-widgets")
    return target


@pytest.fixture(scope="session")
def jupyter(built_site, widget_package, tmp_path_factory):
    """One real jupyter-server (JupyterLab 4 and Notebook 7) for the session, its root a folder
    holding the unpacked site, its kernels able to import the widget."""
    from notebook_servers import jupyter_server, unpack_beside

    root = unpack_beside(built_site.unzipped, tmp_path_factory.mktemp("jupyter") / "course")
    with jupyter_server(root, tmp_path_factory.mktemp("jupyter-home"), widget_package) as server:
        yield server


@pytest.fixture(scope="session")
def dataset():
    """The embedded default data, through the same loader the build uses."""
    from builder.cache import Cache
    from builder.data import load_dataset
    from builder.kit.npm import ensure_node_modules

    modules = ensure_node_modules(ROOT)
    return load_dataset(None, modules, Cache(ROOT / ".cnn-demos" / "cache"))


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the marks into node ids
def pytest_collection_modifyitems(items) -> None:
    """Under pytest-xdist (`--dist loadgroup`), the tests of a module that shares a module-wide
    fixture (a trained page, a Jupyter server, an installed wheel) run on one worker, in order,
    so that it is made once; every other test goes wherever a worker is free."""
    for item in items:
        defs = getattr(item, "_fixtureinfo", None)
        scopes = {d.scope for ds in (defs.name2fixturedefs.values() if defs else []) for d in ds}
        if "module" in scopes or "class" in scopes:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
