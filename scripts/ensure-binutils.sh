#!/usr/bin/env bash
# The api Lambda bundle strips its arm64 shared objects with binutils' cross strip
# (littlelemon/bundle/trim.py): Debian's binutils-aarch64-linux-gnu. Install it when missing.
set -euo pipefail
if command -v aarch64-linux-gnu-strip >/dev/null 2>&1; then exit 0; fi
if [[ $(uname -m) == aarch64 ]] && command -v strip >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install binutils for aarch64 (aarch64-linux-gnu-strip) to strip the api bundle" >&2
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq binutils-aarch64-linux-gnu >/dev/null
