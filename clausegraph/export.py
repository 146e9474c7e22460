"""Exports of a sealed evidence bundle: the manifest as JSON, and a readable bundle as HTML and PDF."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from clausegraph.bundle_report import (
    NOBODY,
    VERIFY_COMMAND,
    BreachRow,
    BundleReport,
    ClauseText,
    ContractSection,
    CreditLine,
    CreditMonth,
    CustodyLine,
    DisputeSection,
    EvidenceEntry,
    LiabilityChain,
    PrecedentEntry,
    TimelineEntry,
    TransitionLine,
    count,
    duration,
    instant,
    liability_text,
    moment,
    money,
    remedy_text,
    responsible_text,
    size,
    span,
    summary_lines,
    verification_steps,
    words,
)
from clausegraph.export_pdf import bundle_pdf

__all__ = [
    "NOBODY",
    "TEMPLATES",
    "VERIFY_COMMAND",
    "BreachRow",
    "BundleReport",
    "ClauseText",
    "ContractSection",
    "CreditLine",
    "CreditMonth",
    "CustodyLine",
    "DisputeSection",
    "EvidenceEntry",
    "LiabilityChain",
    "PrecedentEntry",
    "TimelineEntry",
    "TransitionLine",
    "bundle_html",
    "bundle_json",
    "bundle_pdf",
    "count",
    "duration",
    "instant",
    "liability_text",
    "moment",
    "money",
    "remedy_text",
    "responsible_text",
    "size",
    "span",
    "summary_lines",
    "verification_steps",
    "words",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"


def bundle_json(document: Mapping[str, Any]) -> str:
    """The machine export ({"manifest", "sha256", "record", "contents", "signature"}), indented, keys sorted."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value in the bundle may be user text
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(instant=instant, moment=moment, words=words, duration=duration, size=size)
    env.globals.update(money=money, remedy=remedy_text, liability=liability_text, responsible=responsible_text)
    return env


def bundle_html(report: BundleReport) -> str:
    """The readable bundle as one self-contained HTML page (print it to PDF from any browser)."""
    template = _environment().get_template("bundle.html.j2")
    return template.render(r=report, summary=summary_lines(report), steps=verification_steps(report))
