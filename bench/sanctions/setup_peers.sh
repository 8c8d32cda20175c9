#!/usr/bin/env bash
# Install the peer tool of the sanctions benchmark into its own virtualenv, .peers/ next to this
# script (gitignored). Bench-time only: cdnet never imports it.
#
#   bash bench/sanctions/setup_peers.sh
#
# - nomenklatura (OpenSanctions, MIT; see its LICENSE): entity matching algorithms (logic-v1, logic-v2, ...);
# - followthemoney (OpenSanctions, MIT): the entity model nomenklatura compares. rigour (name
#   and text rules) comes with them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3.11}"
"$python" -m venv "$here/.peers"
"$here/.peers/bin/python" -m pip install --quiet --upgrade pip
"$here/.peers/bin/python" -m pip install --quiet nomenklatura followthemoney
"$here/.peers/bin/python" - <<'PY'
from importlib.metadata import version
for name in ("nomenklatura", "followthemoney", "rigour"):
    print(name, version(name))
PY
