# Entry points for people: `make brochure`, `make test`. Everything is installed into .venv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MISSION ?=
ARGS   ?=
M      := $(if $(MISSION),--mission $(MISSION))

.PHONY: brochure missions test check preflight preview watch schema bench profile setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

brochure: $(STAMP)          ## both editions of the brochure (MISSION=name for a mission)
	$(PY) -m brochure build $(M) $(ARGS)

missions: $(STAMP)          ## the base brochure and every mission, in parallel
	$(PY) -m brochure build --all-missions $(ARGS)

test: $(STAMP)              ## the whole test suite
	$(PY) -m pytest

check: $(STAMP)             ## validate content without rendering
	$(PY) -m brochure check $(M) $(ARGS)

preflight: $(STAMP)         ## check every PDF in output/ against the print or screen rules
	@set -e; for f in $$(find output -name '*-print.pdf'); do $(PY) -m brochure preflight "$$f" --profile print; done; \
	for f in $$(find output -name '*-screen.pdf'); do $(PY) -m brochure preflight "$$f" --profile screen; done

preview: $(STAMP)           ## page thumbnails and a contact sheet (PNG) in output/
	$(PY) -m brochure preview $(M) $(ARGS)

watch: $(STAMP)             ## rebuild on every change to content, brand or assets
	$(PY) -m brochure watch $(M) $(ARGS)

schema: $(STAMP)            ## JSON Schemas for editors, in schemas/
	$(PY) -m brochure schema

bench: $(STAMP)             ## speed and memory figures against the targets
	$(PY) scripts/bench.py

profile: $(STAMP)           ## where a cold and a warm build spend their time (stage timeline, cProfile)
	$(PY) scripts/profile_build.py

clean:                      ## remove what builds wrote, temporary files of killed builds included
	rm -rf output/*/ output/*.pdf output/*.png output/.*.tmp output/.pikepdf.* .cache
