# Entry points for people: `make brochure`, `make test`. Everything is installed into .venv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MISSION ?=
ARGS   ?=

.PHONY: brochure test setup preflight clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

brochure: $(STAMP)
	$(PY) -m brochure build $(if $(MISSION),--mission $(MISSION)) $(ARGS)

test: $(STAMP)
	$(PY) -m pytest

preflight: $(STAMP)
	@for f in $$(find output -name '*-print.pdf'); do $(PY) -m brochure preflight "$$f" --profile print || exit 1; done
	@for f in $$(find output -name '*-screen.pdf'); do $(PY) -m brochure preflight "$$f" --profile screen || exit 1; done

clean:
	rm -rf output/*/ output/*.pdf .cache
