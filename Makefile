# gonghui: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/gonghui
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test test-sqlite test-postgres lint bench fuzz install assets migrate demo messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Files from the npm registry at the versions pinned in package-lock.json (no CDN):
# browser libraries copied where the pages load them (gonghui/static/vendor/), and the
# CJK font the PDFs embed (Noto Serif SC, static TrueType: reportlab needs glyf outlines)
# copied to var/fonts/ (documents.fonts reads it there; both folders are git-ignored).
VENDOR := gonghui/static/vendor
NPM_INSTALLED := node_modules/.package-lock.json
$(NPM_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(VENDOR)/echarts.min.js: $(NPM_INSTALLED)
	mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js $@

$(VENDOR)/qr-scanner.umd.min.js: $(NPM_INSTALLED)
	mkdir -p $(VENDOR)
	cp node_modules/qr-scanner/qr-scanner.umd.min.js node_modules/qr-scanner/qr-scanner-worker.min.js $(VENDOR)/
	cp node_modules/qr-scanner/LICENSE $(VENDOR)/qr-scanner-LICENSE.txt

FONTS := var/fonts
NOTO_SERIF_SC := node_modules/@expo-google-fonts/noto-serif-sc
$(FONTS)/NotoSerifSC_%.ttf: $(NPM_INSTALLED)
	mkdir -p $(FONTS)
	cp $(NOTO_SERIF_SC)/$*/NotoSerifSC_$*.ttf $@
	cp $(NOTO_SERIF_SC)/LICENSE_FONT $(FONTS)/NotoSerifSC-OFL.txt

assets: $(VENDOR)/echarts.min.js $(VENDOR)/qr-scanner.umd.min.js $(FONTS)/NotoSerifSC_400Regular.ttf $(FONTS)/NotoSerifSC_700Bold.ttf

var:
	mkdir -p var

migrate: install var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo --scale small --seed 1 --if-empty

run: demo assets
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install assets
	$(MAKE) --no-print-directory test-sqlite
	@if $(PY) -c "import psycopg,sys; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL run skipped"; fi

test-sqlite: install
	$(BIN)/pytest

test-postgres: install
	TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

bench: install
	BENCH_MAY_RESTART=1 TEST_DATABASE_URL=$(PG_URL) $(PY) bench/run.py

# schemathesis over the whole API schema, as staff and as a member, on a fresh demo database
fuzz: install
	.ci/schemathesis

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --no-obsolete
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var node_modules $(VENDOR)
