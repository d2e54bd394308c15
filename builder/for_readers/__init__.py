"""The course's demos in a notebook, with no network:

    from cnn_demos import show
    pad = show("draw-a-digit")       # then pad.drawing, pad.probabilities, ...

In this repository this folder is builder/for_readers/; nothing here imports the build. The build
ships it twice: its show_demo.py at the top of the site (the one-way view, `%run show_demo.py`),
and the whole folder as the package cnn_demos, with the demos' pages, in the widget's wheel
(builder/pages/widget_wheel.py). The build itself reads demo_options.py (embed options) and
classic_script.py (the scripts that carry models and data) from here, so that the notebook checks
options and writes a student's model as the build does. This file imports nothing heavy: the build
imports those two modules through it.
"""

from typing import Any


def show(name: str, *, model: Any = None, height: int = 0, widget: bool = True, **options: Any) -> Any:
    """Show the demo `name` in the notebook and return it.

    options: the demo's embed options (`show("draw-a-digit", steps=True)`), checked as the build
    checks an embed line. model: your own trained Keras model in place of the demo's, where the
    demo reads one (keras_model.READS). height: the frame's height in pixels (0: the page's own).
    widget=False, or a Python without anywidget: a one-way view, the demo shown but nothing read
    back (for a notebook front end that shows HTML but runs no widgets)."""
    if widget:
        try:
            from .widget import show as show_widget
        except ImportError as exc:
            print(f"cnn_demos: {exc}; showing the demo one way only (nothing comes back to Python).")
        else:
            return show_widget(name, model=model, height=height, **options)
    if model is not None:
        raise ValueError("model= needs the widget (anywidget, and a notebook that runs widgets).")
    from . import page, show_demo

    page.options(name, options)  # checked all the same
    return show_demo.show(name, height or show_demo.HEIGHT, page.SITE, **options)
