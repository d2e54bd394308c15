"""Import TensorFlow the one way this project uses it: tf_keras, quiet, deterministic.

A Keras 3 model converted by tensorflowjs 4.22 does not load in TF.js 4.22 ("An InputLayer
should be passed either a `batchInputShape` or an `inputShape`"); the same model built with
tf_keras does. So TF_USE_LEGACY_KERAS is set before TensorFlow is first imported. Importing
TensorFlow takes seconds, so callers do it only when there is something to train or export.
"""

import os
import warnings
from types import ModuleType


def import_tf() -> tuple[ModuleType, ModuleType]:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # No GPU here; hiding CUDA stops TensorFlow's failed cuInit message on every import.
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # tensorflowjs imports TensorFlow Decision Forests, whose welcome banner (an advert, and an
    # IPython import when stdout is captured) is not for our users.
    os.environ.setdefault("TFDF_DISABLE_WELCOME_MESSAGE", "1")
    warnings.filterwarnings("ignore", message=".*HDF5 file.*legacy.*")
    import tensorflow as tf
    import tf_keras

    tf.get_logger().setLevel("ERROR")
    tf.config.experimental.enable_op_determinism()
    return tf, tf_keras
