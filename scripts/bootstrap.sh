#!/usr/bin/env bash
# Sets up a fresh checkout: a virtualenv in .venv with InnoGraph and its test tools.
# Idempotent and quick when nothing changed. Needs only python3 (3.11+) and pip's registry.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.innograph-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  touch "$stamp"
fi
