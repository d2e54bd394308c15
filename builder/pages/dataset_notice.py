"""A note at the top of each page with a demo when the site was built on data other than digits.

The course's prose is written about handwritten digits; the demos follow the dataset (its class
names come from builder/data/classes.py), and this note tells the reader which one it is.
"""

from html import escape

from builder.data.classes import Identity


def dataset_notice(identity: Identity) -> str | None:
    """The note's HTML, or None when the data is handwritten digits, as the prose assumes."""
    if identity.name == "MNIST":
        return None
    names = "numbered 0 to 9" if identity.numbered else ", ".join(identity.classes)
    return (
        '<div class="admonition note" data-cnn-dataset-note>'
        f'<p class="admonition-title">Built on {escape(identity.name)}</p>'
        f"<p>The demos on this page were trained on {escape(identity.name)}: {len(identity.classes)} "
        f"classes of {escape(identity.nouns)} ({escape(names)}). Where the text speaks of handwritten "
        f"digits, read {escape(identity.nouns)}.</p></div>"
    )
