#!/usr/bin/env bash
# Stop a deployment whose production settings are incomplete or unsafe (missing secret,
# insecure cookie...) before it replaces a working version.
set -euo pipefail
# Hooks do not inherit the environment properties: read them from the platform.
eval "$(/opt/elasticbeanstalk/bin/get-config environment | python3 -c '
import json, shlex, sys
for name, value in json.load(sys.stdin).items():
    print(f"export {name}={shlex.quote(value)}")
')"
# shellcheck disable=SC1090
source "$(ls -d /var/app/venv/*/bin | head -n 1)/activate"
python -m django check --deploy --fail-level WARNING
