"""Exports of a sealed evidence bundle: the manifest as JSON, and a readable bundle as HTML and PDF."""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

TEMPLATES = Path(__file__).resolve().parent / "templates"
NOBODY = "nobody named"


@dataclass(frozen=True)
class TransitionLine:
    """One status change of the dispute as a reader sees it; `by` is the person's name."""

    at: datetime
    from_status: str | None
    to_status: str
    by: str | None
    reason: str | None
    override: bool = False


@dataclass(frozen=True)
class DisputeSection:
    """The dispute: parties by name, forum, the claim, and its status history."""

    key: str
    title: str
    claimant: str
    respondent: str
    forum: str | None
    amount_claimed: str | None
    currency: str
    status: str
    opened_at: datetime
    transitions: tuple[TransitionLine, ...] = ()


@dataclass(frozen=True)
class ContractSection:
    """The contract version the bundle relies on."""

    key: str
    version: int
    title: str
    governing_law: str | None
    jurisdiction: str | None
    content_hash: str


@dataclass(frozen=True)
class TimelineEntry:
    """One event of the chronology; `actor` is a name."""

    at: datetime
    incident: str
    seq: int | None
    kind: str
    actor: str | None
    detail: str = ""


@dataclass(frozen=True)
class BreachRow:
    """One row of the breach table; `responsible` is already worded, `credit` an amount or None."""

    ref: str
    incident: str
    kind: str
    severity: str | None
    due_at: datetime
    over_by_seconds: int
    clause: str
    responsible: str
    credit: str | None = None


@dataclass(frozen=True)
class LiabilityChain:
    """Breach -> obligation (clause) -> obligor -> who was responsible at the deadline -> remedy -> precedents."""

    breach_ref: str
    breach_kind: str
    incident: str
    due_at: datetime
    over_by_seconds: int
    clause_number: str
    clause_heading: str
    clause_text: str
    obligor: str
    level: int | None
    role: str | None
    party: str | None
    person: str | None  # None: nobody was named, itself a finding
    credit_amount: str | None
    credits_clause: str | None
    credit_cap: str | None
    sole_remedy: bool
    liability_clause: str | None
    liability_cap: str | None
    excludes_consequential: bool
    precedents: tuple[str, ...] = ()


@dataclass(frozen=True)
class CreditLine:
    kind: str
    ref: str | None
    percent: str
    amount: str


@dataclass(frozen=True)
class CreditMonth:
    """Service credits of one month (sla-rules §7)."""

    month: str
    lines: tuple[CreditLine, ...]
    total_before_cap: str
    cap: str | None
    total: str
    claim_deadline: datetime | None


@dataclass(frozen=True)
class ClauseText:
    number: str
    heading: str
    text: str


@dataclass(frozen=True)
class PrecedentEntry:
    key: str
    case_name: str
    citation: str
    court: str | None
    year: int | None
    holding: str
    note: str | None
    url: str | None


@dataclass(frozen=True)
class CustodyLine:
    """One custody entry as a reader sees it; `person` is a name."""

    at: datetime
    person: str | None
    action: str
    purpose: str | None


@dataclass(frozen=True)
class EvidenceEntry:
    """One evidence item of the index, with its Bates number, hash and custody log."""

    bates: str
    item_key: str
    kind: str
    label: str
    sha256: str
    added_by: str | None
    added_at: datetime
    custody: tuple[CustodyLine, ...] = ()
    size: int | None = None
    media_type: str | None = None


@dataclass(frozen=True)
class BundleReport:
    """Everything a readable bundle shows: the sealed manifest and its hash, and the same facts with names."""

    manifest: Mapping[str, Any]
    bundle_hash: str
    dispute: DisputeSection
    contract: ContractSection
    sealed_by: str | None  # the sealing person's name
    timeline: tuple[TimelineEntry, ...]
    breaches: tuple[BreachRow, ...]
    liability_chains: tuple[LiabilityChain, ...]
    credits: tuple[CreditMonth, ...]
    clauses: tuple[ClauseText, ...]
    precedents: tuple[PrecedentEntry, ...]
    evidence: tuple[EvidenceEntry, ...]

    @property
    def seal(self) -> Mapping[str, Any]:
        """The manifest's seal metadata (version, previous bundle hash, sealed at, sealed by)."""
        seal: Mapping[str, Any] = self.manifest.get("seal", {})
        return seal

    @property
    def sealed_at(self) -> datetime | None:
        """When the bundle was sealed, read back from the manifest."""
        value = self.seal.get("sealed_at")
        return datetime.fromisoformat(value) if isinstance(value, str) else None


def bundle_json(manifest: Mapping[str, Any], bundle_hash: str) -> str:
    """The machine export: {"manifest": ..., "sha256": ...}, indented, keys sorted, one trailing newline."""
    document = {"manifest": manifest, "sha256": bundle_hash}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _day_and_clock(at: datetime) -> tuple[str, str]:
    at = at.astimezone(UTC)
    return f"{at.day} {at:%b %Y}", f"{at:%H:%M:%S}" if at.second or at.microsecond else f"{at:%H:%M}"


def instant(at: datetime | None) -> str:
    """'2 Mar 2026, 13:45 UTC' (seconds only when there are some): a lawyer reads this, not ISO 8601."""
    if at is None:
        return "—"
    day, clock = _day_and_clock(at)
    return f"{day}, {clock} UTC"


def moment(at: datetime | None) -> str:
    """'2 Mar 2026 13:45' for table cells whose header says UTC."""
    if at is None:
        return "—"
    day, clock = _day_and_clock(at)
    return f"{day} {clock}"


def words(code: str | None) -> str:
    """A code as words: REPORT_FILED -> 'Report filed'."""
    return "—" if not code else code.replace("_", " ").capitalize()


def span(seconds: int) -> str:
    """'1 h 55 min' (whole days, hours, minutes and seconds that are not zero)."""
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "min"), (secs, "s")) if n]
    return " ".join(parts) or "0 s"


def duration(seconds: int) -> str:
    """'1 h 55 min (6,900 s)': the words for reading, the exact seconds for checking."""
    return f"{span(seconds)} ({seconds:,} s)"


def money(amount: str | None, currency: str) -> str:
    """'GBP 8,400.00'; text that is not a number is shown as given."""
    if amount is None:
        return "—"
    try:
        return f"{currency} {Decimal(amount):,.2f}"
    except InvalidOperation:
        return amount


def size(n: int | None) -> str:
    """'48,213 bytes', or a dash."""
    return "—" if n is None else f"{n:,} bytes"


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 incident', '2 incidents'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def responsible_text(chain: LiabilityChain) -> str:
    """'Level 3, Senior Engineer (Nimbus Cloud Ltd): Ana Lima', or the finding that nobody held the incident."""
    if chain.level is None:
        return "Nobody held the incident at the deadline."
    party = f" ({chain.party})" if chain.party else ""
    return f"Level {chain.level}, {chain.role or 'no role'}{party}: {chain.person or NOBODY}"


def remedy_text(chain: LiabilityChain, currency: str) -> str:
    """The remedy of one liability chain in words."""
    if chain.credit_amount is None:
        text = "No service credit applies to this breach."
    else:
        cap = f", within the monthly cap of {money(chain.credit_cap, currency)}" if chain.credit_cap else ""
        text = f"Service credit of {money(chain.credit_amount, currency)} under clause {chain.credits_clause}{cap}."
    return text + (" Service credits are the customer's sole remedy for this failure." if chain.sole_remedy else "")


def liability_text(chain: LiabilityChain, currency: str) -> str:
    """The limitation of liability that bears on one chain, in words."""
    if chain.liability_clause is None:
        return "The contract sets no limitation of liability."
    cap = f"total liability capped at {money(chain.liability_cap, currency)}" if chain.liability_cap else "no cap"
    excluded = "; indirect and consequential loss excluded" if chain.excludes_consequential else ""
    return f"Clause {chain.liability_clause}: {cap}{excluded}."


def summary_lines(report: BundleReport) -> list[str]:
    """The summary's sentences, shared by the HTML and the PDF so that both say the same."""
    d, c = report.dispute, report.contract
    law = f", governed by the law of {c.governing_law}" if c.governing_law else ""
    forum = f"; the agreed forum is {d.forum}" if d.forum else ""
    closed = d.status in ("SETTLED", "DECIDED", "WITHDRAWN")
    stage = f"has been {d.status.lower()}" if closed else f"is now at the {words(d.status).lower()} stage"
    lines = [
        f"{d.claimant} (claimant) claims {money(d.amount_claimed, d.currency)} from {d.respondent} (respondent) "
        f"under the {c.title} (contract {c.key}, version {c.version}{law}).",
        f"The dispute was opened on {instant(d.opened_at)} and {stage}{forum}.",
    ]
    incidents = sorted({row.incident for row in report.breaches} | {e.incident for e in report.timeline})
    if incidents:
        breaches = "; ".join(
            f"{words(b.kind).lower()} of {b.incident}, {span(b.over_by_seconds)} late" for b in report.breaches
        )
        lines.append(
            f"It concerns {count(len(incidents), 'incident')} ({', '.join(incidents)}) and "
            f"{count(len(report.breaches), 'breach', 'breaches')} of contract" + (f": {breaches}." if breaches else ".")
        )
    for month in report.credits:
        cap = f" (monthly cap {money(month.cap, d.currency)})" if month.cap else ""
        lines.append(
            f"Service credits for {month.month} come to {money(month.total, d.currency)}{cap}, "
            f"to be claimed by {instant(month.claim_deadline)}."
        )
    chain = report.liability_chains[0] if report.liability_chains else None
    terms = []
    if chain is not None and chain.sole_remedy:
        terms.append(f"under clause {chain.credits_clause} service credits are the customer's sole remedy")
    if chain is not None and chain.liability_clause:
        cap = f"caps liability at {money(chain.liability_cap, d.currency)}" if chain.liability_cap else "sets no cap"
        excluded = " and excludes indirect and consequential loss" if chain.excludes_consequential else ""
        terms.append(f"clause {chain.liability_clause} {cap}{excluded}")
    if terms:
        sentence = "; ".join(terms)
        lines.append(sentence[0].upper() + sentence[1:] + ".")
    lines.append(
        f"The bundle holds {count(len(report.evidence), 'evidence item')}, each with its SHA-256 and chain of custody, "
        f"and cites {count(len(report.precedents), 'precedent')}. The SHA-256 on the cover identifies the bundle."
    )
    return lines


# Step 2 of Annex A: the bundle hash recomputed from the JSON export with nothing but Python.
VERIFY_COMMAND = (
    "python3 -c \"import hashlib, json; m = json.load(open('bundle.json', encoding='utf-8'))['manifest']; "
    "print(hashlib.sha256(json.dumps(m, sort_keys=True, separators=(',', ':'), ensure_ascii=False)"
    ".encode('utf-8')).hexdigest())\""
)


def verification_steps(report: BundleReport) -> list[tuple[str, str | None]]:
    """How anyone can check the bundle without Clausegraph: (step, command or None); HTML and PDF share it."""
    return [
        (
            'Save the JSON export of this bundle as bundle.json. Its member "manifest" is the sealed manifest and '
            'its member "sha256" the bundle hash printed on the cover.',
            None,
        ),
        (
            "Write the manifest as canonical JSON (keys sorted, no insignificant whitespace, UTF-8, non-ASCII "
            "characters as themselves) and compute its SHA-256: it must equal the bundle hash. In Python:",
            VERIFY_COMMAND,
        ),
        (
            "For each document or communication, compute the SHA-256 of the file or text as produced (for example "
            "with sha256sum): it must equal the hash listed against its Bates number in section 7.",
            None,
        ),
        (
            "For incident records, breaches, clauses and credit reports, the content is the canonical JSON of the "
            "record: its SHA-256 must equal the hash listed in section 7.",
            None,
        ),
        (
            "For each incident, re-walk its events in order: each event's hash is the SHA-256 of the canonical JSON of "
            "{incident, seq, at, kind, fields, actor, prev_hash}, with 64 zeros as the first prev_hash. The last hash "
            "must equal the chain head in the table above, and the number of events its count.",
            None,
        ),
        (
            f"Clausegraph's verification re-derives all of this as of the seal ({instant(report.sealed_at)}) and "
            "names every difference: an edited event, altered document content, a changed contract version.",
            None,
        ),
    ]


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


def bundle_pdf(report: BundleReport) -> bytes:
    """The readable bundle as an A4 PDF: cover, contents, running heads, 'Page n of N' and bookmarks."""
    buffer = io.BytesIO()
    _BundleDocument(buffer, report).multiBuild(_story(report), canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


# ---- PDF: reportlab Platypus, from the same BundleReport as the HTML ----

_INK = colors.HexColor("#1b2437")
_MUTED = colors.HexColor("#5b6474")
_RULE = colors.HexColor("#c9ced6")
_SHADE = colors.HexColor("#eef1f5")
_MONO = "Courier"  # a standard PDF font: hashes stay plain text that any viewer can search and copy
_FONT_FILES = (
    (
        Path("/usr/share/fonts/truetype/dejavu"),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    ),
    (Path(reportlab.__file__).parent / "fonts", ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")),
)
_FACES = ("CG", "CG-Bold", "CG-Italic", "CG-BoldItalic")


@functools.cache
def _fonts() -> tuple[str, str, str]:
    """(regular, bold, italic): embedded Unicode fonts, DejaVu where Debian has it, else the Vera reportlab ships."""
    for folder, files in _FONT_FILES:
        if all((folder / name).is_file() for name in files):
            for face, file in zip(_FACES, files, strict=True):
                pdfmetrics.registerFont(TTFont(face, str(folder / file)))
            registerFontFamily("CG", normal="CG", bold="CG-Bold", italic="CG-Italic", boldItalic="CG-BoldItalic")
            return "CG", "CG-Bold", "CG-Italic"
    return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"  # a reportlab without its fonts folder


@functools.cache
def _has_dejavu() -> bool:
    return all((_FONT_FILES[0][0] / name).is_file() for name in _FONT_FILES[0][1])


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.2, leading=13, textColor=_INK, spaceAfter=5)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10.2, spaceAfter=0)
    return {
        "body": body,
        "cell": cell,
        "num": ParagraphStyle("num", parent=cell, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", parent=cell, fontSize=7.8, textColor=_MUTED),
        "head": ParagraphStyle("head", parent=cell, fontName=bold, fontSize=7.8),
        "headnum": ParagraphStyle("headnum", parent=cell, fontName=bold, fontSize=7.8, alignment=TA_RIGHT),
        "mono": ParagraphStyle("mono", parent=cell, fontName=_MONO, fontSize=7, leading=9),
        "code": ParagraphStyle(
            "code",
            parent=cell,
            fontName=_MONO,
            fontSize=7,
            leading=9,
            leftIndent=14,
            backColor=_SHADE,
            borderPadding=4,
            spaceBefore=2,
            spaceAfter=10,
        ),
        "step": ParagraphStyle("step", parent=body, leftIndent=14, firstLineIndent=-14),
        "quote": ParagraphStyle("quote", parent=body, fontName=italic, leftIndent=12, spaceAfter=4),
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=14, leading=18, spaceAfter=9),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=bold, fontSize=10.5, leading=14, spaceBefore=10, spaceAfter=5, keepWithNext=1
        ),
        "kicker": ParagraphStyle("kicker", parent=body, fontName=bold, fontSize=8.5, textColor=_MUTED, spaceAfter=3),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=21, leading=26, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=11.5, leading=15, textColor=_MUTED),
        "seal": ParagraphStyle("seal", parent=cell, fontName=_MONO, fontSize=9, leading=13),
        "contents": ParagraphStyle("contents", parent=body, fontName=bold, fontSize=14, leading=18, spaceAfter=9),
        "toc1": ParagraphStyle("toc1", parent=body, fontSize=10, leading=16),
        "toc2": ParagraphStyle("toc2", parent=body, fontSize=8.6, leading=12, leftIndent=14, textColor=_MUTED),
    }


def _e(text: object) -> str:
    """Text escaped for reportlab's paragraph markup: user text never becomes markup."""
    return escape("" if text is None else str(text))


def _hash_lines(digest: str) -> str:
    # Two fixed halves keep every hash in the same shape; a viewer's wrapping would cut it anywhere.
    return "<br/>".join(_e(digest[i : i + 32]) for i in range(0, len(digest), 32))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _NumberedCanvas(Canvas):
    """A canvas that holds its pages back until the end, so that each can say 'Page n of N'."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset, missing from its stubs

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            if number > 1:  # the cover carries no page number
                self.setFont("Helvetica", 7.5)
                self.setFillColor(_MUTED)
                self.drawRightString(A4[0] - 20 * mm, 11 * mm, f"Page {number} of {total}")
            super().showPage()
        super().save()


class _BundleDocument(BaseDocTemplate):
    """A4: a cover without running heads, then pages headed with the dispute and footed with the bundle hash."""

    def __init__(self, buffer: io.BytesIO, report: BundleReport) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=22 * mm,
            bottomMargin=20 * mm,
            title=f"Evidence bundle: {report.dispute.title}",
            author=report.sealed_by or "Clausegraph",
            subject=f"Dispute {report.dispute.key}, bundle SHA-256 {report.bundle_hash}",
            keywords=["evidence bundle", report.dispute.key, report.bundle_hash],
            creator="Clausegraph",
        )
        self.report = report
        # No frame padding: tables of the full 170 mm then line up with the running heads' rules.
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, 0, 0, 0, 0, id="main")
        self.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("body", [frame], onPage=self._heads)])
        self._headings = 0

    def beforeDocument(self) -> None:
        self._headings = 0  # multiBuild lays the story out several times; bookmark keys must repeat exactly

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Paragraph) or flowable.style.name not in ("h1", "h2"):
            return
        level = 0 if flowable.style.name == "h1" else 1
        text = flowable.getPlainText()
        self._headings += 1
        key = f"section-{self._headings}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, text, self.page, key))

    def _heads(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        r = self.report
        left, right, top = 20 * mm, A4[0] - 20 * mm, A4[1] - 14 * mm
        canvas.saveState()
        canvas.setStrokeColor(_RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 2 * mm, right, top - 2 * mm)
        canvas.line(left, 15 * mm, right, 15 * mm)
        canvas.setFillColor(_MUTED)
        canvas.setFont(_fonts()[0], 7.5)
        canvas.drawString(
            left, top, f"Evidence bundle · Dispute {_clip(r.dispute.key, 30)} · Version {r.seal.get('version')}"
        )
        canvas.drawRightString(right, top, _clip(f"{r.dispute.claimant} v {r.dispute.respondent}", 70))
        canvas.setFont(_MONO, 6.5)
        canvas.drawString(left, 11 * mm, f"Bundle SHA-256 {r.bundle_hash}")
        canvas.restoreState()


def _grid(rows: list[list[Any]], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), _SHADE), ("LINEBELOW", (0, 0), (-1, 0), 0.8, _INK)]
    else:
        commands += [("BACKGROUND", (0, 0), (0, -1), _SHADE)]
    table.setStyle(TableStyle(commands))
    return table


def _grouped(table: Table, starts: list[int]) -> Table:
    table.setStyle(TableStyle([("LINEABOVE", (0, row), (-1, row), 0.8, _MUTED) for row in starts[1:]]))
    return table


def _row(st: dict[str, ParagraphStyle], *cells: str | tuple[str, str]) -> list[Any]:
    """Paragraph cells: plain strings are escaped text in 'cell' style; (markup, style) pairs are taken as they are."""
    return [Paragraph(c[0], st[c[1]]) if isinstance(c, tuple) else Paragraph(_e(c), st["cell"]) for c in cells]


def _head(st: dict[str, ParagraphStyle], *titles: str) -> list[Any]:
    return [Paragraph(_e(t.lstrip(">")), st["headnum" if t.startswith(">") else "head"]) for t in titles]


def _facts(st: dict[str, ParagraphStyle], facts: list[tuple[str, str]]) -> Table:
    """A two-column table of label and markup value."""
    return _grid(
        [[Paragraph(_e(label), st["head"]), Paragraph(value, st["cell"])] for label, value in facts],
        [40, 130],
        header=False,
    )


def _cover(r: BundleReport, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    d, c = r.dispute, r.contract
    previous = r.seal.get("previous_bundle_hash")
    facts = [
        ("Claimant", _e(d.claimant)),
        ("Respondent", _e(d.respondent)),
        ("Contract", f"{_e(c.title)}<br/><font color='#5b6474'>{_e(c.key)}, version {c.version}</font>"),
        ("Governing law", _e(c.governing_law or "—")),
        ("Forum", _e(d.forum or "—")),
        ("Amount claimed", _e(money(d.amount_claimed, d.currency))),
        ("Status", _e(words(d.status))),
        ("Bundle version", _e(r.seal.get("version"))),
        ("Sealed", _e(f"{instant(r.sealed_at)} by {r.sealed_by or '—'}")),
        ("Previous bundle", f"<font name='{_MONO}'>{_e(previous)}</font>" if previous else "none: this is the first"),
    ]
    seal = Table(
        [
            [Paragraph("BUNDLE SHA-256", st["kicker"])],
            [Paragraph(_e(r.bundle_hash), st["seal"])],
            [
                Paragraph(
                    "SHA-256 of the canonical JSON of the sealed manifest; Annex A explains how to check it.",
                    st["small"],
                )
            ],
        ],
        colWidths=[170 * mm],
    )
    seal.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, _INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ]
        )
    )
    return [
        Spacer(1, 26 * mm),
        Paragraph("EVIDENCE BUNDLE", st["kicker"]),
        Paragraph(_e(d.title), st["title"]),
        Paragraph(f"{_e(d.claimant)} <i>v</i> {_e(d.respondent)}", st["subtitle"]),
        Paragraph(f"Dispute {_e(d.key)}", st["subtitle"]),
        Spacer(1, 12 * mm),
        _facts(st, facts),
        Spacer(1, 10 * mm),
        seal,
        Spacer(1, 8 * mm),
        Paragraph(
            "Prepared by Clausegraph from hash-chained incident records, the contract version named above and the "
            "items listed in section 7. A sealed bundle never changes: new evidence is sealed as a new bundle "
            "version that names this one.",
            st["small"],
        ),
    ]


def _summary(r: BundleReport, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [_head(st, "When (UTC)", "Status", "By", "Why")]
    for t in r.dispute.transitions:
        # Vera, the fallback font, has no arrow; a box in its place would look like a broken file.
        arrow = "→" if _has_dejavu() else "to"
        move = (
            f"{words(t.from_status)} {arrow} {words(t.to_status)}" if t.from_status else f"Opened: {words(t.to_status)}"
        )
        why = _e(t.reason or "—") + (" <font color='#8a1c1c'><b>(override)</b></font>" if t.override else "")
        rows.append(_row(st, moment(t.at), move, t.by or "—", (why, "cell")))
    return [
        Paragraph("1. Summary", st["h1"]),
        *(Paragraph(_e(line), st["body"]) for line in summary_lines(r)),
        Paragraph("1.1 Dispute history", st["h2"]),
        _grid(rows, [30, 40, 30, 70]),
    ]


def _chronology(r: BundleReport, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [_head(st, "When (UTC)", "Incident", ">#", "Event", "By", "Detail")]
    for e in r.timeline:
        seq = "" if e.seq is None else str(e.seq)
        rows.append(_row(st, moment(e.at), e.incident, (seq, "num"), words(e.kind), e.actor or "—", e.detail))
    return [Paragraph("2. Chronology", st["h1"]), _grid(rows, [30, 18, 6, 25, 24, 67])]


def _breaches(r: BundleReport, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    cur = r.dispute.currency
    rows = [_head(st, "Breach", "Due (UTC)", "Over by", "Clause", "Responsible at the deadline", ">Credit")]
    for b in r.breaches:
        what = f"<b>{_e(words(b.kind))}</b><br/>{_e(b.incident)}{' · ' + _e(b.severity) if b.severity else ''}"
        what += f"<br/><font name='{_MONO}' size='6.5' color='#5b6474'>{_e(b.ref)}</font>"
        credit = money(b.credit, cur) if b.credit else "—"
        rows.append(
            _row(
                st,
                (what, "cell"),
                moment(b.due_at),
                duration(b.over_by_seconds),
                b.clause,
                b.responsible,
                (_e(credit), "num"),
            )
        )
    out: list[Flowable] = [Paragraph("3. Breaches", st["h1"]), _grid(rows, [32, 22, 30, 15, 46, 25])]
    for n, month in enumerate(r.credits, start=1):
        lines = [_head(st, "Credit", "Breach or measure", ">Rate", ">Amount")]
        for line in month.lines:
            lines.append(
                _row(
                    st,
                    words(line.kind),
                    line.ref or "—",
                    (f"{_e(line.percent)} %", "num"),
                    (_e(money(line.amount, cur)), "num"),
                )
            )
        for label, value in (
            ("Total before cap", money(month.total_before_cap, cur)),
            ("Cap", money(month.cap, cur)),
            ("Total credits", money(month.total, cur)),
            ("Claim deadline", instant(month.claim_deadline)),
        ):
            strong = label == "Total credits"
            lines.append(
                _row(
                    st,
                    (f"<b>{label}</b>" if strong else label, "cell"),
                    "",
                    "",
                    (f"<b>{_e(value)}</b>" if strong else _e(value), "num"),
                )
            )
        table = _grid(lines, [30, 84, 18, 38])
        table.setStyle(TableStyle([("SPAN", (0, i), (2, i)) for i in range(len(lines) - 4, len(lines))]))
        out += [Paragraph(f"3.{n} Service credits for {_e(month.month)}", st["h2"]), table]
    return out


def _chains(r: BundleReport, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    cur = r.dispute.currency
    out: list[Flowable] = [
        Paragraph("4. Liability chains", st["h1"]),
        Paragraph(
            "Each chain runs from the breach to the clause that promised the obligation, the party bound by "
            "it, who held the incident when the deadline passed, the remedy, and the precedents that bear "
            "on it.",
            st["small"],
        ),
    ]
    for n, ch in enumerate(r.liability_chains, start=1):
        responsible = _e(responsible_text(ch))
        if ch.person is None:
            responsible += " <font color='#8a1c1c'>(a finding in itself)</font>"
        facts = [
            ("Breach", _e(f"{ch.breach_ref}: due {instant(ch.due_at)}, over by {duration(ch.over_by_seconds)}")),
            (
                "Obligation",
                f"<b>Clause {_e(ch.clause_number)}, {_e(ch.clause_heading)}</b><br/><i>{_e(ch.clause_text)}</i>",
            ),
            ("Obligor", _e(ch.obligor)),
            ("Responsible at the deadline", responsible),
            ("Remedy", _e(remedy_text(ch, cur))),
            ("Liability", _e(liability_text(ch, cur))),
            ("Precedents", "<br/>".join(_e(p) for p in ch.precedents) or "—"),
        ]
        title = Paragraph(f"4.{n} {_e(words(ch.breach_kind))} breach, {_e(ch.incident)}", st["h2"])
        out += [title, _facts(st, facts)]
    return out


def _clauses(r: BundleReport, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [
        Paragraph("5. Contract clauses relied on", st["h1"]),
        Paragraph(_e(f"Quoted from the {r.contract.title}, version {r.contract.version}."), st["small"]),
        Spacer(1, 4 * mm),
    ]
    for clause in r.clauses:
        heading = Paragraph(f"<b>Clause {_e(clause.number)}</b>   {_e(clause.heading)}", st["body"])
        out.append(KeepTogether([heading, Paragraph(_e(clause.text), st["quote"]), Spacer(1, 2 * mm)]))
    return out


def _precedents(r: BundleReport, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("6. Precedents", st["h1"])]
    for p in r.precedents:
        block: list[Flowable] = [
            Paragraph(f"<b><i>{_e(p.case_name)}</i></b> {_e(p.citation)}", st["body"]),
            Paragraph(_e(", ".join(str(x) for x in (p.court, p.year) if x)), st["small"]),
            Spacer(1, 2 * mm),
            Paragraph(f"<b>Holding.</b> {_e(p.holding)}", st["quote"]),
        ]
        if p.note:
            block.append(Paragraph(f"<b>Relevance.</b> {_e(p.note)}", st["quote"]))
        if p.url:
            block.append(Paragraph(f"<link href='{_e(p.url)}' color='#1f4e8c'>{_e(p.url)}</link>", st["quote"]))
        out += [KeepTogether(block), Spacer(1, 4 * mm)]
    return out


def _evidence(r: BundleReport, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [_head(st, "Bates", "Item", "Added (UTC)", "SHA-256")]
    custody = [_head(st, "Bates", "When (UTC)", "Who", "Action", "Purpose")]
    groups: list[int] = []  # first custody row of each item, ruled off from the item before
    for item in r.evidence:
        details = ", ".join(
            x for x in (item.item_key, size(item.size) if item.size is not None else "", item.media_type or "") if x
        )
        what = f"<b>{_e(words(item.kind))}</b><br/>{_e(item.label)}<br/><font color='#5b6474'>{_e(details)}</font>"
        added = f"{_e(item.added_by or '—')}<br/>{_e(moment(item.added_at))}"
        rows.append(
            _row(st, (_e(item.bates), "mono"), (what, "cell"), (added, "cell"), (_hash_lines(item.sha256), "mono"))
        )
        groups.append(len(custody))
        for n, entry in enumerate(item.custody):
            custody.append(
                _row(
                    st,
                    (_e(item.bates) if n == 0 else "", "mono"),
                    moment(entry.at),
                    entry.person or "—",
                    words(entry.action),
                    entry.purpose or "—",
                )
            )
    return [
        Paragraph("7. Evidence index", st["h1"]),
        Paragraph("7.1 Items, Bates numbers and hashes", st["h2"]),
        _grid(rows, [37, 51, 30, 52]),
        Paragraph("7.2 Chain of custody", st["h2"]),
        _grouped(_grid(custody, [37, 31, 28, 22, 52]), groups),
    ]


def _annex(r: BundleReport, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [_head(st, "What", "SHA-256")]
    rows.append(_row(st, ("<b>Bundle (the sealed manifest)</b>", "cell"), (_e(r.bundle_hash), "mono")))
    rows.append(
        _row(st, f"Contract {r.contract.key}, version {r.contract.version}", (_e(r.contract.content_hash), "mono"))
    )
    for inc in r.manifest.get("incidents", []):
        state = "chain verified at sealing" if inc.get("chain_ok") else "CHAIN BROKEN"
        label = f"Incident {inc['key']}: head of {count(int(inc['event_count']), 'event')} ({state})"
        rows.append(_row(st, label, (_e(inc["head_hash"]), "mono")))
    out: list[Flowable] = [
        Paragraph("Annex A. Manifest hashes and how to verify", st["h1"]),
        _grid(rows, [62, 108]),
        Paragraph("How to verify", st["h2"]),
    ]
    for n, (text, command) in enumerate(verification_steps(r), start=1):
        out.append(Paragraph(f"{n}.&nbsp;&nbsp;{_e(text)}", st["step"]))
        if command:
            out.append(Paragraph(_e(command), st["code"]))
    return out


def _story(r: BundleReport) -> list[Flowable]:
    st = _styles()
    contents = TableOfContents(levelStyles=[st["toc1"], st["toc2"]], dotsMinLevel=0)
    story: list[Flowable] = [*_cover(r, st), NextPageTemplate("body"), PageBreak()]
    story += [Paragraph("Contents", st["contents"]), contents]
    # Each section opens on a new page, as the tabs of a paper bundle would.
    for section in (_summary, _chronology, _breaches, _chains, _clauses, _precedents, _evidence, _annex):
        story += [PageBreak(), *section(r, st)]
    return story
