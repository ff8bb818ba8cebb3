#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end tests when it is missing (playwright-core drives it; the
# Playwright browser download does not work on our machines).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
# poppler-utils (pdftoppm, pdftotext): the print test reads Chromium's PDF of the checklist page by page.
if ! command -v pdftoppm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's poppler-utils (apt-get)…"
  if [ "$(id -u)" -ne 0 ]; then P_SUDO="sudo"; else P_SUDO=""; fi
  $P_SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $P_SUDO apt-get install -y -qq poppler-utils >/dev/null
fi
if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing at $CHROMIUM and apt-get is not available: install Chromium and set CHROMIUM_PATH." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's chromium (apt-get)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
"$CHROMIUM" --version
