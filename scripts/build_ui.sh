#!/usr/bin/env bash
# Builds the web UI (ui/ -> ui/dist): npm ci from ui/package-lock.json, then esbuild (ui/build.mjs).
# ui/dist holds the bundled app served at /ui and GraphiQL's JS/CSS served at /ui/graphiql (no CDN).
# Quick when nothing changed: skips npm ci while node_modules matches the lock file and the build
# while dist is newer than every source file. Needs node >= 18 and npm.
set -euo pipefail
cd "$(dirname "$0")/../ui"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "build_ui: node and npm are needed to build the web UI (/ui); skipping" >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ -f dist/build.json ] && [ -z "$(find src build.mjs package-lock.json -newer dist/build.json -print -quit)" ]; then
  exit 0
fi
npm run --silent build
