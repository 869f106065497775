# Two commands do all the set-up on a fresh machine:
#   make run    virtualenv, requirements, system packages, database, demo data, server on :8000
#   make test   the same set-up, then the whole test suite (PostgreSQL when DATABASE_URL is set)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
RUN_PACKAGES := libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-ukai libreoffice-writer-nogui
TEST_PACKAGES := $(RUN_PACKAGES) chromium

.PHONY: run test setup test-setup sysdeps-run sysdeps-test print-fonts lint bench clean

run: setup sysdeps-run print-fonts
	@mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "orglife 正在运行：http://$(HOST):$(PORT)/  （按 Ctrl+C 停止）"
	@# The background-job worker (bulk exports) runs beside the server and stops with it.
	DEBUG=1 $(BIN)/python manage.py run_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup sysdeps-test print-fonts
	SECRET_KEY=$${SECRET_KEY:-test-only-insecure-key} $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "需要 Python 3.11：请先安装 python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

# Cut-down copies of the fallback fonts (about 20 s once): PDFs render in 0.19 s instead of 0.3 s.
print-fonts: setup
	@DEBUG=1 $(BIN)/python manage.py build_print_fonts

sysdeps-run:
	@bash .ci/sysdeps $(RUN_PACKAGES)

sysdeps-test:
	@bash .ci/sysdeps $(TEST_PACKAGES)

clean:
	rm -rf $(VENV) var .pytest_cache
