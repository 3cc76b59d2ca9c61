#!/usr/bin/env bash
# Sets up a fresh checkout: a virtualenv in .venv with InnoGraph and its test tools, the local Neo4j's
# jars (with Java 17+ and Maven), the web UI (with npm). Idempotent and quick when nothing changed.
# Needs only python3 (3.11+) and pip's registry; the rest is used when it is there.
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

# The local Neo4j (Neo4j 5.26 community, run embedded with Bolt): its jars from Maven Central via
# neo4j/pom.xml into neo4j/target (git-ignored), when Java 17+ and Maven are here. Quick when current.
# Without them INNOGRAPH_BACKEND=auto uses the embedded ArcadeDB, and says so.
if command -v mvn >/dev/null 2>&1; then
  .venv/bin/python -m graph.neo4j_install >/dev/null \
    || echo "bootstrap: the local Neo4j was not installed (see the line above); auto uses the embedded ArcadeDB" >&2
else
  echo "bootstrap: Maven (mvn) not found; the local Neo4j is not installed, auto uses the embedded ArcadeDB" >&2
fi

# The web UI (/ui) and GraphiQL's local assets: built from npm packages by scripts/build_ui.sh.
if command -v npm >/dev/null 2>&1; then
  bash scripts/build_ui.sh || echo "bootstrap: the web UI build failed; /ui and offline GraphiQL will not work" >&2
else
  echo "bootstrap: npm not found; skipping the web UI build (/ui)" >&2
fi
# The UI's browser tests drive Debian's Chromium, with a CJK font for the Chinese names; install
# them where we may (root, as CI is on a fresh machine). Without root the tests skip and say why.
ui_packages=""
[ -x /usr/bin/chromium ] || ui_packages="chromium"
# pdftoppm renders report PDF pages to PNG (bench/screenshots, tests/report)
command -v pdftoppm >/dev/null 2>&1 || ui_packages="$ui_packages poppler-utils"
if ! { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; }; then
  ui_packages="$ui_packages fonts-wqy-microhei"
fi
if [ -n "$ui_packages" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  { apt-get update -q && apt-get install -y -q $ui_packages; } >/dev/null \
    || echo "bootstrap: could not install$ui_packages; the UI browser tests will not run" >&2
elif [ -n "$ui_packages" ]; then
  echo "bootstrap: not root, so not installing$ui_packages: the UI browser tests skip without chromium" >&2
fi
