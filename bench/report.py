"""The benchmark's tables and plots, written between markers in docs/performance.md (the rest is prose): one
block per scale (`<!-- bench:S1:start -->` ... `<!-- bench:S1:end -->`, plot `performance-S1.png`), and a
scaling block comparing S1 with S10 once both have run."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


def _ms(v: float) -> str:
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def table(result: dict[str, Any]) -> str:
    lines = [
        f"Scale {result['scale']}, run at {result['at'][:16]} UTC. Medians and p99 in ms over interleaved rounds;",
        "throughput in requests/s at 8 clients; `x floor` = median / the floor's median; trips = round trips.",
        "",
        f"Loading it: {result.get('load') or 'not recorded'}",
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


def _replace_block(output: Path, name: str, body: str) -> None:
    start, end = _markers(name)
    block = f"{start}\n{body}\n{end}"
    text = output.read_text(encoding="utf-8") if output.exists() else "# Performance\n\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    output.write_text(text, encoding="utf-8")


def write_report(result: dict[str, Any], output: Path) -> None:
    image = output.with_name(f"{output.stem}-{result['scale']}.png")
    plot(result, image)
    figure = f"![latency per request, {result['scale']}]({image.name})"
    _replace_block(output, result["scale"], f"{table(result)}\n\n{figure}")


def scaling(small: dict[str, Any], large: dict[str, Any]) -> str:
    """Clausegraph's medians at two scales beside the growth of each response: latency should grow no faster."""
    lines = [
        f"Clausegraph's medians at {small['scale']} (run {small['at'][:16]}) and {large['scale']} (run "
        f"{large['at'][:16]}); `latency` and `response` are {large['scale']} / {small['scale']}.",
        "",
        f"| request | {small['scale']} ms | {large['scale']} ms | latency | response bytes "
        f"{small['scale']} / {large['scale']} | response |",
        "|---|---|---|---|---|---|",
    ]
    for case, row in small["reads"].items():
        big = large["reads"].get(case, {}).get("clausegraph")
        cg = row.get("clausegraph")
        if not cg or not big:
            continue
        size_ratio = f"{big['bytes'] / cg['bytes']:.2f}x" if cg.get("bytes") and big.get("bytes") else "-"
        sizes = f"{cg.get('bytes', 0):,} / {big.get('bytes', 0):,}"
        lines.append(
            f"| {case} | {_ms(cg['median'])} | {_ms(big['median'])} | {big['median'] / cg['median']:.2f}x "
            f"| {sizes} | {size_ratio} |"
        )
    return "\n".join(lines)


def write_scaling(results: Path, output: Path, small: str = "S1", large: str = "S10") -> None:
    """Rewrite the scaling block from the kept results of both scales, when both exist."""
    paths = [results / f"bench-{small}.json", results / f"bench-{large}.json"]
    if all(p.exists() for p in paths):
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in paths)
        _replace_block(output, "scaling", scaling(a, b))
