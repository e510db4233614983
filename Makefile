# Entry points for people: `make brochure`, `make test`. Everything is installed into .venv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MISSION ?=
ARGS   ?=
TEST_JOBS ?= auto
M      := $(if $(MISSION),--mission $(MISSION))

.PHONY: lock lint brochure missions test check preflight preview watch new-mission new-language schema bench profile setup clean

# The exact versions the suite runs with come from requirements.lock (`make lock` after a change to
# the dependencies in pyproject.toml); the package itself is installed on top, editable.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lock:                       ## pin every dependency (and theirs) in requirements.lock, from pyproject.toml
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools
	.venv-lock/bin/pip-compile --quiet --extra dev --no-emit-index-url --no-emit-find-links --strip-extras \
	  --output-file requirements.lock pyproject.toml
	rm -rf .venv-lock build

setup: $(STAMP)

brochure: $(STAMP)          ## both editions of the brochure (MISSION=name for a mission)
	$(PY) -m brochure build $(M) $(ARGS)

missions: $(STAMP)          ## the base brochure and every mission, in parallel
	$(PY) -m brochure build --all-missions $(ARGS)

test: lint                  ## lint, then the whole test suite, one worker per core (a file stays in one worker)
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile --no-loadscope-reorder

lint: $(STAMP)              ## ruff and mypy (rules, exceptions and the files type-checked in pyproject.toml)
	$(PY) -m ruff check src tests scripts
	$(PY) -m mypy

check: $(STAMP)             ## validate content without rendering
	$(PY) -m brochure check $(M) $(ARGS)

preflight: $(STAMP)         ## check every PDF in output/ against the print or screen rules, then a total
	@pass=0; fail=0; \
	for f in $$(find output -name '*-print.pdf' -o -name '*-screen.pdf' | sort); do \
	  case "$$f" in *-print.pdf) profile=print;; *) profile=screen;; esac; \
	  if $(PY) -m brochure preflight "$$f" --profile $$profile; then pass=$$((pass + 1)); else fail=$$((fail + 1)); fi; \
	done; \
	if [ $$((pass + fail)) -eq 0 ]; then echo "preflight: no PDFs in output/; run make brochure first"; exit 1; fi; \
	echo "preflight total: $$((pass + fail)) PDFs, $$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]

preview: $(STAMP)           ## page thumbnails and a contact sheet (PNG) in output/
	$(PY) -m brochure preview $(M) $(ARGS)

watch: $(STAMP)             ## rebuild on every change to content, brand or assets
	$(PY) -m brochure watch $(M) $(ARGS)

new-mission: $(STAMP)       ## a commented starter file: make new-mission NAME=boston-2027
	@test -n "$(NAME)" || { echo "usage: make new-mission NAME=boston-2027"; exit 2; }
	$(PY) -m brochure new-mission $(NAME)

# LANG is also the shell's locale variable: the command runs without it (Python then speaks UTF-8).
new-language: $(STAMP)      ## the files that set up a language: make new-language LANG=it
	@test -n "$(LANG)" || { echo "usage: make new-language LANG=it"; exit 2; }
	env -u LANG $(PY) -m brochure new-language $(LANG)

schema: $(STAMP)            ## JSON Schemas for editors, in schemas/
	$(PY) -m brochure schema

bench: $(STAMP)             ## speed and memory figures against the targets
	$(PY) scripts/bench.py

profile: $(STAMP)           ## where a cold and a warm build spend their time (stage timeline, cProfile)
	$(PY) scripts/profile_build.py

clean:                      ## remove what builds wrote, temporary files of killed builds included
	rm -rf output/*/ output/*.pdf output/*.png output/.*.tmp output/.pikepdf.* .cache .venv-lock build
