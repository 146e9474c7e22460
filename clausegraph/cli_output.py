"""How the command line prints: tables that keep every column when piped, JSON on request, rounded figures."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from rich.console import Console
from rich.table import Table

# Wide enough that no table is cut or wrapped when the output goes to a file or a pipe.
_UNBOUNDED_WIDTH = 10_000


def stdout() -> Console:
    """A console on standard output: the terminal's width, or unbounded when not a terminal."""
    console = Console()
    return console if console.is_terminal else Console(width=_UNBOUNDED_WIDTH, no_color=True)


def stderr() -> Console:
    return Console(stderr=True)


def print_json(data: Any) -> None:
    """Data as indented JSON on standard output (decimals and instants as the strings they are)."""
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[str] = ()) -> Table:
    """A table whose cells fold instead of being cut when a terminal is narrow."""
    out = Table(title=title)
    for column in columns:
        out.add_column(column, justify="right" if column in right else "left", overflow="fold")
    for row in rows:
        out.add_row(*row)
    return out


def rounded(value: Any, places: int = 4) -> str:
    """A decimal figure rounded half-up to `places` decimals for reading ("99.3607"); '' for none."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return str(number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
