"""What a dataset's classes are called, and what the dataset is: its name, its noun, its names.

Known datasets are recognised by the MD5 of their four IDX files' contents (gzipped or not,
so Debian's recompressed copies are recognised too). Any MNIST-format folder can name its
classes in a `classes.txt` beside the IDX files, one name per line; the `classes` setting
(--classes, CNN_DEMOS_CLASSES, `classes:` in mkdocs.yml) overrides both. Without names, the
classes are their numbers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from builder.errors import BuildError

CLASS_COUNT = 10  # every demo's output layer has ten units
CLASSES_FILE = "classes.txt"
MAX_NAME = 24  # longer names do not fit a probability bar's label on a phone


# What a dataset's images are, which decides the augmentation that suits them
# (builder/train/augment.py): handwriting, centred photos of things, or unknown.
HANDWRITING, PHOTOS, UNKNOWN = "handwriting", "photos", "unknown"


@dataclass(frozen=True)
class Identity:
    """What a dataset is: its name, its noun, its class names, and what its images are."""

    name: str
    noun: str
    nouns: str
    classes: tuple[str, ...]
    images: str  # HANDWRITING, PHOTOS or UNKNOWN

    @property
    def numbered(self) -> bool:
        return self.classes == NUMBERS

    def with_classes(self, classes: Sequence[str]) -> "Identity":
        return Identity(self.name, self.noun, self.nouns, tuple(classes), self.images)

    def as_json(self) -> dict:
        """What a page's scripts get as window.CNN_DEMOS_DATASET."""
        return {"name": self.name, "noun": self.noun, "nouns": self.nouns, "classes": list(self.classes),
                "named": not self.numbered}


NUMBERS = tuple(str(i) for i in range(CLASS_COUNT))
MNIST = Identity("MNIST", "digit", "digits", NUMBERS, HANDWRITING)
FASHION_MNIST = Identity(
    "Fashion-MNIST", "item", "items",
    ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
     "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
    PHOTOS,
)

# MD5 of the uncompressed train images, train labels, test images, test labels, as published.
KNOWN = {
    ("6bbc9ace898e44ae57da46a324031adb", "a25bea736e30d166cdddb491f175f624",
     "2646ac647ad5339dbf082846283269ea", "27ae3e4e09519cfbb04c329615203637"): MNIST,
    ("f4a8712d7a061bf5bd6d2ca38dc4d50a", "9018921c3c673c538a1fc5bad174d6f9",
     "8181f5470baa50b63fa0f6fddb340f0a", "15d484375f8d13e6eb1aabb0c3f46965"): FASHION_MNIST,
}


def recognise(folder: Path, digests: tuple[str, str, str, str]) -> Identity:
    """The known dataset these files are, or an unnamed one called after its folder."""
    known = KNOWN.get(digests)
    if known is not None:
        return known
    return Identity(folder.name or str(folder), "image", "images", NUMBERS, UNKNOWN)


def read_classes_file(path: Path) -> tuple[str, ...]:
    """The names in a classes.txt: one per line, CLASS_COUNT lines, blank lines at the end ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BuildError(f"{path}: is not UTF-8 text (byte {exc.start}); save it as UTF-8, one class "
                         "name per line.") from None
    except OSError as exc:
        raise BuildError(f"{path}: cannot be read ({exc.strerror}).") from None
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return check_names(lines, lambda n: f"{path}, line {n}", f"{path}")


def parse_classes_option(value: str, source: str) -> tuple[str, ...]:
    """--classes "T-shirt,Trouser,..." (comma-separated) into names, checked like a classes.txt."""
    return check_names(value.split(","), lambda n: f"{source}, name {n}", source)


def check_names(names: Sequence[str], where_name, where_all: str) -> tuple[str, ...]:
    """CLASS_COUNT distinct, non-empty, short names, in class order; an error names the culprit."""
    cleaned = [n.strip() for n in names]
    if len(cleaned) != CLASS_COUNT:
        raise BuildError(f"{where_all}: {len(cleaned)} class names; the demos need exactly "
                         f"{CLASS_COUNT}, one for each class 0 to {CLASS_COUNT - 1}, in that order.")
    seen: dict[str, int] = {}
    for number, name in enumerate(cleaned, start=1):
        if not name:
            raise BuildError(f"{where_name(number)}: empty; give class {number - 1} a name.")
        if len(name) > MAX_NAME:
            raise BuildError(f"{where_name(number)}: {name!r} is {len(name)} characters; keep a class "
                             f"name to {MAX_NAME} or fewer so it fits beside its bar on a phone.")
        if name.casefold() in seen:
            raise BuildError(f"{where_name(number)}: {name!r} again (first at {seen[name.casefold()]}); "
                             "each class needs its own name.")
        seen[name.casefold()] = number
    return tuple(cleaned)
