"""The MkDocs front end: the cnn-demos plugin (plugin.py) and its options (config.py)."""
