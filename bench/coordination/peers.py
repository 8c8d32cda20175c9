"""The peers' side of the coordination benchmark; runs with the peers' own Python (``.peers``).

Not part of cdnet and never imported by it: ``run.py`` starts this file as a subprocess with
``bench/coordination/.peers/bin/python`` (see ``setup_peers.sh``), one job per process so that
each gets its own wall time and peak RSS.

    python peers.py qut-preprocess qut.csv qut.db
    python peers.py d3lta d3lta.csv embeddings.npy clusters.json

``qut-preprocess`` calls the toolkit's own ``preprocess_data`` with the rows of its CSV format.
It does not use ``compute_networks DB preprocess --format csv`` because that command splits the
``urls`` cell with ``split(" ")``, so a post with no URL gets the URL ``""``, and
``compute co_link`` then links every pair of accounts that posted anything without a link within
the window (checked with toolkit 1.5.2). The rows and the database are otherwise the same.

``d3lta`` runs ``semantic_faiss`` on a DataFrame with ``original`` text, ``language`` (given, so
fastText's model is not downloaded) and ``account_id``. It also gets embeddings (so the
Universal Sentence Encoder is not downloaded): the hashing stand-in of ``embed.py``.
``remove_matches_same_user="account_id"`` drops matches of an account with itself.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from typing import Any


def qut_preprocess(source: str, database: str) -> dict[str, Any]:
    """Load the QUT CSV into the toolkit's SQLite database, URLs split on whitespace."""
    from coordination_network_toolkit.preprocess import preprocess_data

    began = time.perf_counter()
    with open(source, encoding="utf-8", newline="") as rows:
        reader = csv.reader(rows)
        next(reader)
        preprocess_data(database, ((*row[:-1], row[-1].split()) for row in reader))
    return {"seconds": time.perf_counter() - began}


def d3lta(source: str, embeddings: str, out: str) -> dict[str, Any]:
    """Cluster near-duplicate texts with d3lta; write ``{cluster: [post ids]}`` to ``out``."""
    import numpy as np
    import pandas as pd
    from d3lta.faissd3lta import prepare_dataset, semantic_faiss

    began = time.perf_counter()
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    frame.index = frame.index.astype(str)  # d3lta wants str row labels, int embedding ids
    vectors = np.load(embeddings)
    prepared = prepare_dataset(frame, min_size_txt=30)  # what semantic_faiss keeps anyway
    rows = prepared.index.astype(int)
    table = pd.DataFrame(vectors[rows], index=rows)
    matches, clusters = semantic_faiss(
        df=prepared, min_size_txt=30, df_embeddings_use=table, remove_matches_same_user="account_id"
    )
    found = clusters.dropna(subset=["cluster"])
    groups = found.groupby("cluster")["post_id"].apply(sorted)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({str(int(k)): v for k, v in groups.items()}, handle)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "matches": len(matches), "clusters": len(groups)}


def main() -> None:
    job, *args = sys.argv[1:]
    jobs = {"qut-preprocess": qut_preprocess, "d3lta": d3lta}
    report = jobs[job](*args)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
