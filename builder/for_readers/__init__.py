"""What the site ships for its readers to run, never run by the build: show_demo.py, the
Jupyter helper (`%run cnn-demos-site/show_demo.py <demo>`), copied beside the built site."""
