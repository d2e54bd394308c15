"""cnn-demos: builds a static course site whose CNN demos run in the reader's browser.

The chain, one stage a package, in order (builder/chain.py runs stages 1 to 4 without MkDocs):

1. data     builder/data      MNIST-format images in, numpy arrays and a fixed split out
2. train    builder/train     model definitions (models/*.py) trained with tf_keras, cached
3. export   builder/export    TF.js models, classic scripts and zips; the in-browser dataset
4. assets   builder/assets    npm libraries, the demos (demos/*/demo.json), the site's files
5. pages    builder/pages     the MkDocs plugin and the Markdown extension that embeds demos
6. zip      builder/offline_zip.py  the built site as one reproducible archive

Around it: settings.py resolves mkdocs.yml, the CLI and the environment into one Settings;
paths.py spells every path the site gets; cache.py keeps each stage's results by content;
errors.py is the one error a user sees; cli.py is the `cnn-demos` command.
"""
