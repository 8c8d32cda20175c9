#!/usr/bin/env bash
# Install the peer tools of the coordination benchmark into their own virtualenv, .peers/ next to
# this script (gitignored). They are bench-time tools only: cdnet never imports them.
#
#   bash bench/coordination/setup_peers.sh
#
# - coordination-network-toolkit (QUT Digital Observatory, MIT): the `compute_networks` command.
# - d3lta (VIGINUM, see its LICENSE): near-duplicate text clusters. It pulls in TensorFlow,
#   faiss-cpu and fasttext (about 1.5 GB); the benchmark gives it precomputed languages and
#   embeddings, so neither its fastText language model nor its TF-Hub encoder is downloaded.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3.11}"
"$python" -m venv "$here/.peers"
"$here/.peers/bin/python" -m pip install --quiet --upgrade pip
"$here/.peers/bin/python" -m pip install --quiet coordination-network-toolkit
"$here/.peers/bin/python" -m pip install --quiet d3lta
"$here/.peers/bin/python" - <<'PY'
from importlib.metadata import version
for name in ("coordination-network-toolkit", "d3lta", "faiss-cpu", "pandas"):
    print(name, version(name))
PY
