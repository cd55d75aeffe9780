# EduMTL — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
PIP_VERSION := 26.3
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: install run test test-fast benchmark sample account clean

## install: create .venv with the pinned requirements (quick when already done)
install: $(STAMP)

$(STAMP): requirements.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "EduMTL needs Python 3.11 or newer: run make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

## run: open the dashboard on the bundled sample class at http://localhost:$(PORT)
run: install
	$(BIN)/python -m streamlit run dashboard/app.py --server.port $(PORT) --server.address 127.0.0.1

## account: add a teacher's account for a dashboard shared on a network (make account NAME=alice; asks for the password)
account: install
	@test -n "$(NAME)" || { echo "Name the account: make account NAME=alice"; exit 2; }
	$(BIN)/python -m dashboard.auth add "$(NAME)"

## test: every test, browser tests included (they skip locally when Chromium is absent)
test: install
	$(BIN)/python -m pytest

## test-fast: the tests without the browser
test-fast: install
	$(BIN)/python -m pytest -m "not e2e"

## benchmark: the UCI benchmark (needs ../shared/data); the others are listed in docs/benchmarks.md
benchmark: install
	$(BIN)/python benchmarks/uci_portuguese.py

## sample: regenerate the sample class (deterministic)
sample: install
	$(BIN)/python sample_data/generate.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
