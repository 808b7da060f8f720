#!/usr/bin/env bash
# Installs the system packages Outreach needs when they are missing (Debian/Ubuntu, via apt).
# Sourced by run.sh and test.sh; safe to run again.
set -euo pipefail

# chromium prints the bulletin to PDF (report bulletin --format pdf), fonts-noto-cjk gives it Chinese glyphs,
# poppler-utils (pdftoppm) lets the tests look at the printed page, and chromium-driver lets the browser tests
# drive the web app (Tests/Browser/flows.py).
packages=(libsqlite3-dev libcurl4-openssl-dev zlib1g-dev pkg-config chromium chromium-driver fonts-noto-cjk poppler-utils)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} …" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
