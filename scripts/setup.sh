#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine with only python3:
# system packages (Chromium for the HTML tests, LibreOffice for the DOCX tests, poppler for
# pdffonts/pdftotext/pdftoppm) and the package with its test extras in .venv.
# Fonts: the free faces the PDF uses where the official ones are missing (docs/renderers.md):
# 宋 Noto Serif CJK SC and 黑 Noto Sans CJK SC (fonts-noto-cjk), 仿宋 stand-in AR PL UMing
# (fonts-arphic-uming), 楷 AR PL UKai (fonts-arphic-ukai), Latin Liberation Serif (fonts-liberation).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi
PKGS="chromium libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
      fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai fonts-liberation"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'
