# Shorthands for the commands in README.md.
.PHONY: site test bench serve lint wheel

site:
	bash scripts/setup && .venv/bin/cnn-demos build

test:
	bash scripts/test

bench:
	.venv/bin/python benchmarks/run.py

serve:
	.venv/bin/cnn-demos serve

lint:
	.venv/bin/ruff check .

wheel:
	.venv/bin/pip wheel --no-deps -w dist .
