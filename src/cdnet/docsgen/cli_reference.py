"""Write the CLI reference (docs/cli.md) from the commands' own help texts."""

from __future__ import annotations

from typing import Any

import typer

HEADER = (
    "# Command reference\n\n"
    "Generated from `cdnet --help` by `python -m cdnet.docsgen.cli_reference > docs/cli.md`; "
    "a test fails when it is out of date.\n"
)


def _param_line(param: Any) -> str:
    if param.param_type_name == "argument":
        required = "required" if param.required else "optional"
        return f"- `{str(param.name).upper()}` (argument, {required})"
    names = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
    text = f"- {names}: {param.help or ''}".rstrip()
    if param.default not in (None, False, "", ()) and not param.is_flag:
        text += f" (default: `{param.default}`)"
    return text


def _command(path: str, command: Any) -> list[str]:
    lines = [f"\n## `{path}`\n", (command.help or "").strip().split("\n\n")[0].strip(), ""]
    params = [p for p in command.params if p.name not in ("help", "version")]
    lines += [_param_line(p) for p in params]
    if hasattr(command, "commands"):
        for name in sorted(command.commands):
            lines += _command(f"{path} {name}", command.commands[name])
    return lines


def render(app: typer.Typer) -> str:
    root = typer.main.get_command(app)
    return HEADER + "\n".join(_command("cdnet", root)).rstrip() + "\n"


def main() -> None:
    from cdnet.cli import app

    typer.echo(render(app), nl=False)


if __name__ == "__main__":
    main()
