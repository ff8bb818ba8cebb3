#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end tests when it is missing (playwright-core drives it; the
# Playwright browser download does not work on our machines), and Debian's chromium-headless-shell beside it: the
# same Blink without the full browser, which the tests launch where it is there (tools/chromium.ts) at about half
# the CPU time.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
HEADLESS_SHELL=/usr/bin/chromium-headless-shell
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
UPDATED=""
apt_install() {
  if [ -z "$UPDATED" ]; then
    $SUDO apt-get update -qq
    UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
# poppler-utils (pdftoppm, pdftotext): the print test reads Chromium's PDF of the checklist page by page.
if ! command -v pdftoppm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's poppler-utils (apt-get)…"
  apt_install poppler-utils
fi
# Only where no CHROMIUM_PATH names the browser to use: then the tests launch that one.
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x "$HEADLESS_SHELL" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium-headless-shell (apt-get)…"
  # Not fatal: without it the tests launch the full Chromium, only slower.
  apt_install chromium-headless-shell || echo "chromium-headless-shell could not be installed: the tests use $CHROMIUM"
fi
if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing at $CHROMIUM and apt-get is not available: install Chromium and set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing Debian's chromium (apt-get)…"
apt_install chromium
"$CHROMIUM" --version
