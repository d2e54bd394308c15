"""Questions that the demos answer: blocks a course author writes next to a demo
(syntax.py), bound to a quantity the demo exposes and checked (bind.py), with the answers the
build computes (measures.py), rendered for demos/_shared/questions.js (html.py).

Course (course.py) finds every question of the course when the site is made, so a bad one stops
the build before any page is rendered, two questions cannot share a name, and the summary's
{{ questions() }} can list them all.
"""

from builder.pages.questions.course import Course

__all__ = ["Course"]
