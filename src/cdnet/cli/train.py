"""``cdnet train``: retrain the models cdnet ships (for now the political-ads classifier)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

train_app = typer.Typer(
    name="train",
    help="Retrain a shipped model on the shipped data plus your labelled examples.",
    no_args_is_help=True,
)


@train_app.command("political-ads")
def political_ads(
    extra: Annotated[
        list[Path] | None,
        typer.Option(
            "--extra",
            help="CSV of labelled ads (text*, label* political|issue|none, lang, "
            "page_id, source); repeatable.",
        ),
    ] = None,
    from_app: bool = typer.Option(
        False, "--from-app", help="Also train on the review decisions kept in the web app."
    ),
    shipped: bool = typer.Option(
        True,
        "--shipped/--no-shipped",
        help="Include the shipped training data, the hand-written examples (default: yes).",
    ),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder for the new model (default: CDNET_HOME/models/political_ads, "
            "which the detector then uses instead of the shipped model).",
        ),
    ] = None,
    folds: int = typer.Option(
        5, "--folds", min=2, help="Advertiser-grouped folds for calibration and metrics."
    ),
) -> None:
    """Train the political/social-issue ad classifier and write model.npz + model.json."""
    from cdnet.analysis.ads import train
    from cdnet.analysis.ads.classifier import user_dir
    from cdnet.config import home
    from cdnet.errors import BadInput

    rows = train.shipped_examples() if shipped else []
    for path in extra or []:
        rows += train.read_examples(path)
    if from_app:
        rows += train.app_examples()
    if not rows:
        raise BadInput("no training examples: give --extra CSV, --from-app or keep --shipped")
    fitted = train.train(rows, train.Options(folds=folds))
    target = train.save(fitted, out or user_dir(home()))
    metrics = fitted.metadata["metrics_heldout_advertisers"]["all"]
    typer.echo(f"{len(rows)} examples -> {target}")
    typer.echo(json.dumps({"held-out advertisers, all languages": metrics}))


def register(app: typer.Typer) -> None:
    """Add the ``train`` command group to the ``cdnet`` app."""
    app.add_typer(train_app, name="train")
