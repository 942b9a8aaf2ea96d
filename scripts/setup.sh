#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine with only python3:
# system packages (Chromium for the HTML tests, LibreOffice and a CJK font for the DOCX tests,
# poppler for pdffonts/pdftoppm, Tesseract with its Chinese and English models for OCR) and the package with its test extras in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi
PKGS="chromium libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'
