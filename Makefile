# The two commands of the README:  make serve   /   make test
# Each creates .venv and installs what it needs on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
# Python's own default: compiled modules are cached, so the test workers and the commands the tests run as
# fresh processes do not compile the code again (some machines of ours set PYTHONDONTWRITEBYTECODE).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: serve build validate test test-fast clean chromium

# uv installs the same packages from PyPI as pip, about three times faster (31 s → 9 s on a fresh machine here):
# every CI run and every fresh clone pays this step.
$(BIN)/.installed: pyproject.toml node_modules/.installed
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/python -m uv pip install --quiet --python $(BIN)/python -e '.[test]'
	touch $@

# What the site serves from npm (Pyodide for the check page), exactly as package-lock.json pins it.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

serve: $(BIN)/.installed
	$(BIN)/chiiki serve

build: $(BIN)/.installed
	$(BIN)/chiiki build

validate: $(BIN)/.installed
	$(BIN)/chiiki validate

# Browser tests drive Debian's chromium (never a downloaded browser). Installed here when missing and
# possible (root with apt-get, as in CI); otherwise the browser tests skip outside CI and say so.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found and cannot be installed here: browser tests will skip (they never skip in CI)"; fi; }
	@# A Japanese font, so that the browser tests measure Japanese text as a reader's browser lays it out (IPA
	@# fonts: 4 MB, against 60 MB of Noto CJK); without one every character is a box of another width.
	@fc-list :lang=ja 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-ipafont-gothic >/dev/null; \
	  else echo "no Japanese font (fonts-ipafont-gothic): pages are laid out with boxes in the browser tests"; fi; }

# Everything, on three workers for the two cores: with two the cores were 92 % busy (idle and I/O wait 8 %, from
# /proc/stat over a whole run), and a third fills the gaps (the parallel part 3:57 → 3:42 on 2026-12-03).
# A module's tests stay on one worker, so each shared site and browser is made once
# per worker; then the few tests that must run alone.
test: $(BIN)/.installed chromium
	$(BIN)/python -m pytest -n 3 --dist loadscope -m "not serial"
	$(BIN)/python -m pytest -m serial

# The inner loop of a developer: no browser, no site build (about 30 s). make test still runs everything.
test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -m "not browser and not slow"

clean:
	rm -rf build site
