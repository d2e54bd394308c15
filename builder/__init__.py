"""cnn-demos builder: MNIST -> trained CNNs -> TF.js exports -> an offline MkDocs site."""
