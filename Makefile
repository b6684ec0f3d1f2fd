# Every target creates .venv itself, so a fresh machine needs only Python 3.11 and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= layer0-out

.PHONY: run test bench lint clean serve

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,scale,iamc,serve]'
	# compile the engine's loops now (numba caches them beside their module), not in a first run
	$(BIN)/python -c "from layer0.model import kernels; kernels.warm_up()"
	# and the package's bytecode (where PYTHONDONTWRITEBYTECODE is set, every command would
	# otherwise compile the modules it imports again: ~0.9 s of a cold `layer0 run`)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/layer0 run --out $(OUT)

# the tests run on every core (pytest-xdist), one BLAS thread each so they do not contend
JOBS ?= auto
test: $(STAMP)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

# the REST API on http://127.0.0.1:8000/v1 (docs at /docs); PORT=... to move it
PORT ?= 8000
serve: $(STAMP)
	$(BIN)/layer0 serve --port $(PORT)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(if $(QUICK),--quick,)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts scripts/pg-test-server scripts/need
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(OUT) bench-results.json
