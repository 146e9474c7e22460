"""The PDF's page furniture: fonts, paragraph styles, numbered pages, running heads and table helpers."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
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
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from clausegraph.bundle_report import BundleReport

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
            # no creation time or random document id: the same sealed version gives the same bytes forever
            invariant=1,
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
