"""The readable bundle as a PDF: reportlab Platypus, from the same BundleReport as the HTML."""

from __future__ import annotations

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from clausegraph.bundle_report import (
    BundleReport,
    count,
    duration,
    instant,
    liability_text,
    moment,
    money,
    remedy_text,
    responsible_text,
    size,
    summary_lines,
    verification_steps,
    words,
)
from clausegraph.pdf_layout import (
    _INK,
    _MONO,
    _BundleDocument,
    _e,
    _facts,
    _grid,
    _grouped,
    _has_dejavu,
    _hash_lines,
    _head,
    _NumberedCanvas,
    _row,
    _styles,
)


def bundle_pdf(report: BundleReport) -> bytes:
    """The readable bundle as an A4 PDF: cover, contents, running heads, 'Page n of N' and bookmarks."""
    buffer = io.BytesIO()
    _BundleDocument(buffer, report).multiBuild(_story(report), canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


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
        detail = e.detail
        if e.late_by_seconds is not None:
            late = f"late entry: recorded {duration(e.late_by_seconds)} after, at {moment(e.recorded_at)}"
            detail = f"{detail} ({late})" if detail else late
        rows.append(_row(st, moment(e.at), e.incident, (seq, "num"), words(e.kind), e.actor or "—", detail))
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
    signature = [
        _head(st, "Signature", ""),
        _row(st, "Algorithm", "Ed25519, over the bundle SHA-256 (its hex text)"),
        _row(st, "Key id", (_e(r.signing_key_id or "—"), "mono")),
        _row(st, "Signature", ("<br/>".join(_e(part) for part in _halves(r.signature or "—")), "mono")),
        _row(st, "Known at", f"{instant(r.sealed_at)} (the figures are those of the record as known then)"),
    ]
    out: list[Flowable] = [
        Paragraph("Annex A. Manifest hashes and how to verify", st["h1"]),
        _grid(rows, [62, 108]),
        Paragraph("Signature", st["h2"]),
        _grid(signature, [62, 108]),
        Paragraph(_e(r.public_key or "").replace("\n", "<br/>"), st["code"]),
        Paragraph("How to verify", st["h2"]),
    ]
    for n, (text, command) in enumerate(verification_steps(r), start=1):
        out.append(Paragraph(f"{n}.&nbsp;&nbsp;{_e(text)}", st["step"]))
        if command:
            out.append(Paragraph(_e(command), st["code"]))
    return out


def _halves(text: str) -> tuple[str, str]:
    # a base64 signature has no spaces to wrap at: two fixed halves fit the column
    middle = (len(text) + 1) // 2
    return text[:middle], text[middle:]


def _story(r: BundleReport) -> list[Flowable]:
    st = _styles()
    contents = TableOfContents(levelStyles=[st["toc1"], st["toc2"]], dotsMinLevel=0)
    story: list[Flowable] = [*_cover(r, st), NextPageTemplate("body"), PageBreak()]
    story += [Paragraph("Contents", st["contents"]), contents]
    # Each section opens on a new page, as the tabs of a paper bundle would.
    for section in (_summary, _chronology, _breaches, _chains, _clauses, _precedents, _evidence, _annex):
        story += [PageBreak(), *section(r, st)]
    return story
