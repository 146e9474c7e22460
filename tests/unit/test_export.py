"""Exports of a sealed bundle: JSON that round-trips, HTML that escapes user text, a PDF that carries the hash."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import zlib
from collections.abc import Iterable

from reportlab.platypus import KeepTogether, Paragraph, Table

from clausegraph.export import (
    BundleReport,
    bundle_html,
    bundle_json,
    bundle_pdf,
    duration,
    instant,
    moment,
    money,
    summary_lines,
    words,
)
from clausegraph.export_pdf import _story
from domain.canonical import canonical_hash
from domain.evidence import manifest_hash
from tests.unit.bundle_sample import render, sample_report
from tests.unit.sla_fixtures import at

SCRIPT = "<script>alert('bundle')</script>"
SECTIONS = (
    "Contents",
    "1. Summary",
    "2. Chronology",
    "3. Breaches",
    "4. Liability chains",
    "5. Contract clauses relied on",
    "6. Precedents",
    "7. Evidence index",
    "Annex A. Manifest hashes and how to verify",
)


def hostile(report: BundleReport) -> BundleReport:
    """The sample with script tags wherever people type text."""
    dispute = dataclasses.replace(report.dispute, title=SCRIPT, claimant=f"Acme {SCRIPT}")
    evidence = (dataclasses.replace(report.evidence[0], label=SCRIPT), *report.evidence[1:])
    timeline = (dataclasses.replace(report.timeline[0], detail=f"{SCRIPT} & <b>bold</b>"), *report.timeline[1:])
    return dataclasses.replace(report, dispute=dispute, evidence=evidence, timeline=timeline)


def pdf_text_streams(pdf: bytes) -> list[bytes]:
    """The decoded content streams of a reportlab PDF (ASCII85 then Flate)."""
    out = []
    for match in re.finditer(rb"<<(.*?)>>\s*stream\r?\n(.*?)endstream", pdf, re.S):
        head, body = match.group(1), match.group(2)
        if b"ASCII85Decode" in head:
            body = base64.a85decode(body.strip().removesuffix(b"~>"))
        if b"FlateDecode" in head:
            body = zlib.decompress(body)
        out.append(body)
    return out


# ---- JSON ----


def test_the_json_export_round_trips_and_rehashes_to_the_bundle_hash():
    report = sample_report()
    text = bundle_json({"manifest": report.manifest, "sha256": report.bundle_hash})
    loaded = json.loads(text)
    assert loaded == {"manifest": report.manifest, "sha256": report.bundle_hash}
    assert canonical_hash(loaded["manifest"]) == manifest_hash(loaded["manifest"]) == loaded["sha256"]


def test_the_json_export_is_stable_and_readable():
    report = sample_report()
    text = bundle_json({"manifest": report.manifest, "sha256": report.bundle_hash})
    assert text == bundle_json(json.loads(text))
    assert text.endswith("}\n") and '\n  "manifest": {' in text


def test_the_pdf_of_the_same_report_is_the_same_bytes_each_time():
    report = sample_report()
    assert bundle_pdf(report) == bundle_pdf(report)


# ---- HTML ----


def test_the_html_has_every_section_in_order():
    html = bundle_html(sample_report())
    body = html[html.index("<body>") :]
    positions = [body.index(f">{title}<") for title in SECTIONS]
    assert positions == sorted(positions)


def test_the_html_carries_the_bundle_hash_and_every_item_hash_and_bates_number():
    report = sample_report()
    html = bundle_html(report)
    assert html.count(report.bundle_hash) >= 3  # cover, annex, page footer
    for item in report.evidence:
        assert item.sha256 in html and item.bates in html
    for incident in report.manifest["incidents"]:
        assert incident["head_hash"] in html
    assert report.contract.content_hash in html


def test_the_html_reads_like_the_worked_example():
    html = bundle_html(sample_report())
    for expected in (
        "Acme Retail plc <i>v</i> Nimbus Cloud Ltd",
        "GBP 8,400.00",
        "GBP 480,000.00",
        "Level 3, Senior Engineer (Nimbus Cloud Ltd): Ana Lima",
        "Level 1, Frontline Support (Nimbus Cloud Ltd): Priya Shah",
        "25 min (1,500 s)",
        "1 h 55 min (6,900 s)",
        "Cavendish Square Holding BV v Makdessi",
        "[2015] UKSC 67",
        "Hadley v Baxendale",
        "(1854) 9 Exch 341",
        "sole remedy",
        "Negotiation → Mediation",
        "The parties shall first seek to settle any dispute by negotiation for thirty days",
    ):
        assert expected in html, expected


def test_user_text_is_escaped_in_the_html():
    html = bundle_html(hostile(sample_report()))
    assert SCRIPT not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#39;bundle&#39;)&lt;/script&gt;" in html
    assert "&amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script" not in html  # the page itself runs no script at all


def test_an_override_and_a_missing_person_are_shown_as_findings():
    report = sample_report()
    history = (*report.dispute.transitions[:1], dataclasses.replace(report.dispute.transitions[1], override=True))
    chains = (dataclasses.replace(report.liability_chains[0], person=None), *report.liability_chains[1:])
    changed = dataclasses.replace(
        report, dispute=dataclasses.replace(report.dispute, transitions=history), liability_chains=chains
    )
    html = bundle_html(changed)
    assert '<span class="override">(override)</span>' in html
    assert "Level 1, Frontline Support (Nimbus Cloud Ltd): nobody named" in html
    assert "(a finding in itself)" in html


# ---- PDF ----


def test_the_pdf_is_a_pdf_with_the_bundle_hash_in_its_text_and_metadata():
    report = sample_report()
    pdf = bundle_pdf(report)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    streams = pdf_text_streams(pdf)
    assert sum(report.bundle_hash.encode() in s for s in streams) >= 2  # the cover, the annex, the page footers
    assert f"bundle SHA-256 {report.bundle_hash}".encode() in pdf  # the document's Subject


def test_the_pdf_has_a_cover_contents_and_the_sections_on_several_pages():
    pdf = bundle_pdf(sample_report())
    pages = len(re.findall(rb"/Type /Page[^s]", pdf))
    assert pages >= 8
    streams = b"".join(pdf_text_streams(pdf))
    assert f"Page 2 of {pages}".encode() in streams and b"Page 1 of" not in streams  # the cover has no number
    assert pdf.count(b"/Outlines") >= 1  # bookmarks for each section


def plain_texts(flowables: Iterable[object]) -> list[str]:
    """Every paragraph's text as reportlab parsed it, inside tables and kept-together blocks too."""
    out: list[str] = []
    for f in flowables:
        if isinstance(f, Paragraph):
            out.append(f.getPlainText())
        elif isinstance(f, Table):
            # reportlab keeps cells and kept-together content in attributes its stubs do not declare
            out += plain_texts(cell for row in getattr(f, "_cellvalues", ()) for cell in row)
        elif isinstance(f, KeepTogether):
            out += plain_texts(getattr(f, "_content", ()))
    return out


def test_the_pdf_renders_hostile_user_text_as_text():
    report = hostile(sample_report())
    assert bundle_pdf(report).startswith(b"%PDF-")
    # Read back what reportlab parsed: markup in user text would have vanished into formatting.
    texts = plain_texts(_story(report))
    assert SCRIPT in texts  # the title on the cover
    assert f"{SCRIPT} & <b>bold</b>" in texts  # a chronology cell
    assert f"Acme {SCRIPT} v Nimbus Cloud Ltd" in texts  # the parties on the cover


def test_the_sample_renders_to_files(tmp_path):
    html, pdf, manifest = render(tmp_path)
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert json.loads(manifest.read_text(encoding="utf-8"))["sha256"] == sample_report().bundle_hash


# ---- wording ----


def test_instants_durations_and_money_read_as_a_lawyer_expects():
    assert instant(at("2026-03-02T13:45:00Z")) == "2 Mar 2026, 13:45 UTC"
    assert instant(at("2026-03-02T14:45:07+01:00")) == "2 Mar 2026, 13:45:07 UTC"
    assert moment(at("2026-03-02T09:05:00Z")) == "2 Mar 2026 09:05"
    assert instant(None) == moment(None) == "—"
    assert duration(6900) == "1 h 55 min (6,900 s)"
    assert duration(0) == "0 s (0 s)"
    assert duration(90061) == "1 d 1 h 1 min 1 s (90,061 s)"
    assert money("480000.00", "GBP") == "GBP 480,000.00"
    assert money("4000", "GBP") == "GBP 4,000.00"
    assert money(None, "GBP") == "—"
    assert words("REPORT_FILED") == "Report filed"


def test_the_summary_states_the_claim_breaches_credits_and_remedies():
    lines = summary_lines(sample_report())
    assert lines[0].startswith("Acme Retail plc (claimant) claims GBP 128,400.00 from Nimbus Cloud Ltd (respondent)")
    assert "is now at the mediation stage" in lines[1]
    assert "2 breaches of contract" in lines[2]
    assert "GBP 8,400.00 (monthly cap GBP 10,000.00)" in lines[3]
    assert "caps liability at GBP 480,000.00 and excludes indirect and consequential loss" in lines[4]
