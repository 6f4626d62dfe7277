# Two commands for people: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DB     ?= data/sleutelklaar.duckdb
PORT   ?= 8501

# the browser tests need a Chromium: Debian's package, found on PATH or at CHROMIUM
CHROMIUM ?= /usr/bin/chromium
APT_GET  ?= apt-get
USER_ID  ?= $(shell id -u)

# axe-core (npm, pinned in package-lock.json) checks every page for WCAG 2.1 AA in the browser tests
AXE := node_modules/axe-core/axe.min.js
NPM ?= npm

.PHONY: run test lint bench screenshots soak clean chromium axe

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: set up, build the demo database when none exists, start the dashboard on 127.0.0.1
# compileall: the bytecode pip writes for a regular install (an editable one has none, and
# with PYTHONDONTWRITEBYTECODE set every command would compile dq/ again: ~50 ms a start);
# pybabel compile: the texts' .mo files (else every command compiles its catalog: ~85 ms)
run: $(STAMP)
	@$(BIN)/python -m compileall -q dq
	@$(BIN)/pybabel -q compile -d dq/locale -D dq
	@$(BIN)/python -m dq.secrets_check
	@test -f "$(DB)" || $(BIN)/dq demo --db "$(DB)" --out data/demo
	DQ_DB="$(DB)" $(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

## chromium: make sure a Chromium exists for the browser tests (installs Debian's as root)
chromium:
	@if command -v chromium >/dev/null 2>&1 || test -x "$(CHROMIUM)"; then exit 0; \
	elif [ "$(USER_ID)" = 0 ] && command -v $(APT_GET) >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		$(APT_GET) update && $(APT_GET) install -y chromium; \
	else \
		echo "The browser tests need Chromium. Install it with: sudo apt-get install -y chromium" >&2; \
		exit 1; \
	fi

## axe: install axe-core from package-lock.json (installs Debian's nodejs and npm as root)
axe: $(AXE)

$(AXE): package.json package-lock.json
	@if ! command -v $(NPM) >/dev/null 2>&1; then \
		if [ "$(USER_ID)" = 0 ] && command -v $(APT_GET) >/dev/null 2>&1; then \
			echo "Installing Debian's nodejs and npm for the accessibility tests"; \
			$(APT_GET) update && $(APT_GET) install -y nodejs npm; \
		else \
			echo "The accessibility tests need npm. Install it with: sudo apt-get install -y nodejs npm" >&2; \
			exit 1; \
		fi; \
	fi
	$(NPM) ci --no-audit --no-fund
	touch $(AXE)

## test: set up and run every test (pytest with doctests, then ruff); browser tests included
test: $(STAMP) chromium $(AXE)
	CI=true $(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

## bench: the speed measurements behind docs/performance.md (not part of make test)
# bench.scale first compiles dq/ to bytecode and the texts to .mo, as make run does
bench: $(STAMP)
	$(BIN)/python -m bench.identifiers
	$(BIN)/python -m bench.scale --scenarios S,M,L,1Mx2 --runs 3
	$(BIN)/python -m bench.floor --runs 3
	$(BIN)/python -m bench.floor --runs 3 --scenario L
	$(BIN)/python -m bench.plot

## soak: 10 browser sessions for 2 minutes while exports arrive every 10 s (CI runs it too)
soak: $(STAMP)
	$(BIN)/python -m tools.soak --sessions 10 --seconds 120 --every 10

## screenshots: regenerate docs/img/*.png from the demo data in a real browser
screenshots: $(STAMP)
	$(BIN)/python -m tools.screenshots --out docs/img

clean:
	rm -rf $(VENV) node_modules build *.egg-info .pytest_cache .ruff_cache .hypothesis
