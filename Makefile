# Set-up and everyday commands. Only Python 3.11+ and make are assumed;
# system packages (LibreOffice, a CJK font, poppler) are installed by `make sysdeps`
# when we are root on a Debian/Ubuntu machine, and otherwise the features that need
# them degrade with a clear message.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench sysdeps clean schema

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,distributed,serve,fonts]'
	touch $(STAMP)

install: $(STAMP)

sysdeps:
	@bash tools/sysdeps.sh

demo: install sysdeps
	$(BIN)/cuishou batch sample_cases --out out --efiling --print
	$(BIN)/cuishou import samples/intake/collections.xlsx --mapping samples/intake/collections.toml --out out/imported/collections
	$(BIN)/cuishou import samples/intake/core-export-gbk.csv --mapping samples/intake/core-export.toml --out out/imported/core-export
	$(BIN)/cuishou batch out/imported --out out/from-import
	$(BIN)/python tools/make_stage_samples.py --out out/stage-cases
	$(BIN)/cuishou batch out/stage-cases --out out/stages --print
	$(BIN)/python tools/make_stage_samples.py --profile-demo --out out/profile-cases
	$(BIN)/cuishou batch out/profile-cases --out out/profile --print

test: install sysdeps
	$(BIN)/cuishou templates check
	$(BIN)/python -m pytest $(ARGS)

bench: install sysdeps
	$(BIN)/python bench/run.py $(ARGS)

schema: install
	$(BIN)/cuishou schema --write

clean:
	rm -rf $(VENV) out build dist
