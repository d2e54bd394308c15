"""cnn-demos: builds a static course site whose CNN demos run in the reader's browser.

The chain, one stage a package or module, each importing only from those before it (the
import-linter contracts in pyproject.toml):

1. kit       builder/kit       what cnn-demos brings: npm libraries, the vendor table, the demos
                               (demos/*/demo.json) and their options, the starter course
2. data      builder/data      MNIST-format images in, numpy arrays and a fixed split out
3. train     builder/train     model definitions (models/*.py) trained with tf_keras, cached
4. export    builder/export    TF.js models, classic scripts and zips, the in-browser dataset,
                               the files the site ships
   settings.py resolves mkdocs.yml, the CLI and the environment into one Settings;
   chain.py runs stages 1 to 4
5. pages     builder/pages     the page pipeline: the Markdown extension that embeds demos,
                               finish_page() for every page, standalone and notebook pages
6. zip       builder/offline_zip.py  the built site as one reproducible archive
7. front ends builder/frontends  MkDocs (a plugin) and Zensical, which only wire
   cli.py is the `cnn-demos` command.

Below them all: paths.py spells every path the site gets; cache.py keeps each stage's results
by content; errors.py is the one error a user sees; reproducible_zip.py writes zips whose bytes
depend only on what they hold. for_readers/ holds what the site ships for readers to run: the
notebook widget's package (cnn_demos) and show_demo.py; it imports nothing from the build.
"""
