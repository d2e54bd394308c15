"""IDX parsing: files the tests write, good and bad, gzipped or not."""

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from builder.data.idx import find_idx_files, read_images, read_labels, read_pair, write_idx
from builder.errors import BuildError

NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def write_set(folder: Path, n_train: int = 30, n_test: int = 10, gz: bool = False,
              seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    arrays = {
        "train_images": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, n_train, dtype=np.uint8),
        "test_images": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for role, array in arrays.items():
        write_idx(folder / (NAMES[role] + (".gz" if gz else "")), array)
    return arrays


@pytest.mark.parametrize("gz", [False, True])
def test_round_trip(tmp_path, gz):
    arrays = write_set(tmp_path, gz=gz)
    found = find_idx_files(tmp_path)
    images, labels = read_pair(found["train_images"], found["train_labels"])
    np.testing.assert_array_equal(images, arrays["train_images"])
    np.testing.assert_array_equal(labels, arrays["train_labels"])
    assert images.dtype == np.uint8 and images.shape == (30, 28, 28)


def test_dotted_names_as_some_mirrors_use(tmp_path):
    write_set(tmp_path)
    for path in tmp_path.iterdir():
        path.rename(tmp_path / path.name.replace("-idx", ".idx"))
    assert set(find_idx_files(tmp_path)) == set(NAMES)


def test_folder_with_only_some_files_names_the_missing_ones(tmp_path):
    write_set(tmp_path)
    (tmp_path / NAMES["test_labels"]).unlink()
    with pytest.raises(BuildError, match=r"missing t10k-labels-idx1-ubyte\[\.gz\]"):
        find_idx_files(tmp_path)


def test_not_a_folder(tmp_path):
    with pytest.raises(BuildError, match="not a folder"):
        find_idx_files(tmp_path / "nowhere")


def test_truncated_images_file(tmp_path):
    write_set(tmp_path)
    path = tmp_path / NAMES["train_images"]
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(BuildError, match=rf"{path.name}: truncated: the header promises 30 images"):
        read_images(path)


def test_truncated_header(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(b"\x00\x00\x08")
    with pytest.raises(BuildError, match="shorter than the 16-byte header"):
        read_images(path)


def test_truncated_gzip(tmp_path):
    write_set(tmp_path, gz=True)
    path = tmp_path / (NAMES["train_labels"] + ".gz")
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises(BuildError, match=rf"{path.name}: cannot be read"):
        read_labels(path)


def test_labels_file_where_images_belong(tmp_path):
    write_set(tmp_path)
    path = tmp_path / NAMES["train_labels"]
    with pytest.raises(BuildError, match="magic number 0x00000801.*this is a labels file"):
        read_images(path)


def test_wrong_image_size(tmp_path):
    path = tmp_path / "img"
    path.write_bytes(struct.pack(">IIII", 0x803, 1, 32, 32) + bytes(32 * 32))
    with pytest.raises(BuildError, match="32x32"):
        read_images(path)


def test_label_out_of_range(tmp_path):
    path = tmp_path / "labels"
    write_idx(path, np.array([1, 2, 12, 3], dtype=np.uint8))
    with pytest.raises(BuildError, match="label 12 at index 2; labels must be 0 to 9"):
        read_labels(path)


def test_image_and_label_counts_differ(tmp_path):
    write_idx(tmp_path / "i", np.zeros((5, 28, 28), np.uint8))
    write_idx(tmp_path / "l", np.zeros(4, np.uint8))
    with pytest.raises(BuildError, match="has 5 images but .* has 4 labels"):
        read_pair(tmp_path / "i", tmp_path / "l")


def test_gzip_written_reproducibly(tmp_path):
    a, b = tmp_path / "a.gz", tmp_path / "b.gz"
    write_idx(a, np.arange(10, dtype=np.uint8))
    write_idx(b, np.arange(10, dtype=np.uint8))
    assert a.read_bytes() == b.read_bytes()
    assert gzip.decompress(a.read_bytes())[:4] == b"\x00\x00\x08\x01"
