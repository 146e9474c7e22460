"""The benchmark's table and plot, written between markers in docs/performance.md (the rest is prose)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _ms(v: float) -> str:
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def table(result: dict[str, Any]) -> str:
    lines = [
        f"Scale {result['scale']}, run at {result['at'][:16]} UTC. Medians and p99 in ms over interleaved rounds;",
        "throughput in requests/s at 8 clients; `x floor` = median / the floor's median; trips = round trips.",
        "",
        "| request | Clausegraph median / p99 | x floor | req/s | trips | peer median | peer x floor | peer req/s "
        "| floor median | floor req/s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for case, row in result["reads"].items():
        cg, fl, pe = row.get("clausegraph"), row.get("floor"), row.get("peer")
        ratio = f"{cg['median'] / fl['median']:.2f}x" if cg and fl else "-"
        peer_ratio = f"{pe['median'] / fl['median']:.2f}x" if pe and fl else "-"
        trips = "-" if cg["roundTrips"] is None else cg["roundTrips"]
        peer_median = _ms(pe["median"]) if pe else "cannot"
        peer_rate = f"{pe['throughput']:.1f}" if pe else "-"
        floor_median = _ms(fl["median"]) if fl else "-"
        floor_rate = f"{fl['throughput']:.1f}" if fl else "-"
        lines.append(
            f"| {case} | {_ms(cg['median'])} / {_ms(cg['p99'])} | {ratio} | {cg['throughput'] or 0:.1f} | {trips} "
            f"| {peer_median} | {peer_ratio} | {peer_rate} | {floor_median} | {floor_rate} |"
        )
    lines += [
        "",
        "| write | long history median / p99 | short history median / p99 | long / short | trips |",
        "|---|---|---|---|---|",
    ]
    for case, row in result["writes"].items():
        long, short = row["long"], row["short"]
        lines.append(
            f"| {case} | {_ms(long['median'])} / {_ms(long['p99'])} | {_ms(short['median'])} / {_ms(short['p99'])} "
            f"| {long['median'] / short['median']:.2f}x | {long['roundTrips']} |"
        )
    return "\n".join(lines)


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    reads = result["reads"]
    cases = list(reads)
    targets = ["clausegraph", "peer", "floor"]
    fig, ax = plt.subplots(figsize=(12, 6))
    width = 0.27
    for n, target in enumerate(targets):
        shown = [(i, reads[c][target]["median"]) for i, c in enumerate(cases) if target in reads[c]]
        ax.bar([i + (n - 1) * width for i, _ in shown], [v for _, v in shown], width, label=target)
    ax.set_yscale("log")
    ax.set_ylabel("median latency, ms (log)")
    ax.set_xticks(range(len(cases)))
    ax.set_xticklabels([textwrap.fill(c, 16) for c in cases], fontsize=7)
    ax.set_title(f"Clausegraph, @neo4j/graphql and the hand-written floor ({result['scale']}, one interleaved run)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(result: dict[str, Any], output: Path) -> None:
    image = output.with_suffix(".png")
    plot(result, image)
    block = f"{START}\n{table(result)}\n\n![latency per request]({image.name})\n{END}"
    text = output.read_text(encoding="utf-8") if output.exists() else "# Performance\n\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    output.write_text(text, encoding="utf-8")
