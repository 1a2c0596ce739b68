#!/usr/bin/env bash
# Re-pin every requirements/*.txt from pyproject.toml. The dev set is resolved first and
# constrains the others, so the Lambda bundle and the web bundle run the versions the
# tests ran. --no-header and --no-annotate keep local paths and index URLs out of the files.
set -euo pipefail
uv="${1:-uv}"
compile() { "$uv" pip compile pyproject.toml --generate-hashes --no-header --quiet "$@"; }
compile --python-version 3.11 --extra api --extra bookings --extra web --extra local \
  --extra dev --extra infra -o requirements/dev.txt
compile --python-version 3.11 --extra api --extra bookings --extra web --extra local \
  -c requirements/dev.txt -o requirements/local.txt
# `littlelemon cost|synth|deploy|destroy` add this to a `make up` venv (local + the CDK app).
compile --python-version 3.11 --extra api --extra bookings --extra web --extra local \
  --extra infra -c requirements/dev.txt -o requirements/deploy.txt
# Lambda: Python 3.12 on Graviton (arm64); the bundle installs these wheels for that platform.
compile --python-version 3.12 --python-platform aarch64-manylinux_2_28 --extra api \
  -c requirements/dev.txt -o requirements/lambda-api.txt
compile --python-version 3.12 --python-platform aarch64-manylinux_2_28 --extra bookings \
  -c requirements/dev.txt -o requirements/lambda-bookings.txt
# Elastic Beanstalk: Python 3.12 platform.
compile --python-version 3.12 --python-platform aarch64-manylinux_2_28 --extra web \
  -c requirements/dev.txt -o requirements/web.txt
if grep -rlE "https?://" requirements/; then
  echo "lock files must not name an index URL" >&2
  exit 1
fi
