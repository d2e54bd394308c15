"""The HTML of a question, and of the list that gathers every question of the course.

Both are frames that demos/_shared/questions.js fills in: the question's text is in the HTML
(search finds it, and it reads without scripts); what the script needs is JSON in one attribute.
The element of a question carries data-cnn-question with its name, for tests (ours and an
author's) to find every question.
"""

import html
import json
import posixpath
from typing import Any

ANCHOR = "cnn-question-"  # a question's id is this and its name


def _json(data: Any) -> str:
    return html.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)


def question(widget: dict[str, Any], course: str) -> str:
    """A question's frame: its name, text and what it is bound to."""
    name = widget["name"]
    anchor = ANCHOR + name
    source = (f"The answer is measured by the demo {'below' if widget['target'] else 'on its page'}: "
              if widget["live"] else "The answer is computed by the build: ")
    return (
        f'<section class="cnn-question" id="{anchor}" data-cnn-question="{html.escape(name)}" '
        f'data-question-state="loading" aria-labelledby="{anchor}-text" '
        f'data-question="{_json({**widget, "course": course})}">'
        f'<p class="cnn-question__kind">Predict, then see</p>'
        f'<p class="cnn-question__text" id="{anchor}-text">{html.escape(widget["text"])}</p>'
        f'<p class="cnn-question__about">{html.escape(source + widget["description"])}.</p>'
        f'<p class="cnn-question__status" data-role="status" role="status">Loading the question…</p>'
        "</section>"
    )


def gathering(entries: list[dict[str, Any]], here: str, course: str) -> str:
    """{{ questions() }}: every question of the course, each linked from the page at here (its
    path in the site), for answers-page.js to fill in with the learner's answers."""
    folder = posixpath.dirname(here) or "."
    items = []
    for entry in entries:
        link = posixpath.relpath(entry["page_path"], folder) + "#" + ANCHOR + entry["name"]
        data = {k: v for k, v in entry.items() if k != "page_path"}
        items.append(
            f'<li class="cnn-answers__item" data-answers-question="{html.escape(entry["name"])}" '
            f'data-question="{_json({**data, "link": link})}">'
            f'<a href="{html.escape(link)}">{html.escape(entry["text"])}</a> '
            f'<span class="cnn-answers__page">({html.escape(entry["page_title"])})</span></li>')
    return (
        f'<section class="cnn-answers" data-cnn-answers data-course="{html.escape(course)}" '
        'data-answers-state="loading" aria-labelledby="cnn-answers-title">'
        '<p class="cnn-answers__title" id="cnn-answers-title">Your answers</p>'
        '<p class="cnn-answers__status" data-role="status" role="status">Loading your answers…</p>'
        f'<ol class="cnn-answers__list" data-role="list">{"".join(items)}</ol>'
        "</section>"
    )
