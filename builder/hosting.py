"""Keep the site movable: no root-absolute links, so it works under any sub-path.

MkDocs renders 404.html with root-absolute links ("/assets/..."), since a host may serve it
for a missing URL at any depth. Here it gets the same relative links as a top-level page
instead: right for a host that serves it in place of a missing top-level page (every course
page is top-level), and right for the site under a sub-path such as /course/.
"""

import re

ROOT_LINK = re.compile(r'(\b(?:href|src)=")/(?!/)')


def relative_404(html: str) -> str:
    html = ROOT_LINK.sub(r"\1./", html)
    html = html.replace('__md_scope=new URL("/",location)', '__md_scope=new URL(".",location)')
    html = re.sub(r'"base":\s*"/"', '"base": "."', html)
    return re.sub(r'("search":\s*")/(?!/)', r"\1", html)  # the search worker's URL
