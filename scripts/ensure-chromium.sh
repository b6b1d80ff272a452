#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded one). Installs it when missing and
# this is a Debian machine we may install on; otherwise says what to do and fails.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
echo "[创城信箱] Chromium is missing at $browser; installing Debian's chromium for the browser tests …" >&2
if command -v apt-get >/dev/null 2>&1; then
  run() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi; }
  export DEBIAN_FRONTEND=noninteractive
  run apt-get install -y --no-install-recommends chromium >/dev/null ||
    { run apt-get update >/dev/null && run apt-get install -y --no-install-recommends chromium >/dev/null; } || true
fi
if [ ! -x "$browser" ]; then
  echo "[创城信箱] Could not install Chromium. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
