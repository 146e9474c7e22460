"""What a readable evidence bundle shows (BundleReport) and the wording its HTML and PDF share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

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
    recorded_at: datetime | None = None
    late_by_seconds: int | None = None  # a late entry: recorded this long after it says it happened


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
    signature: str | None = None  # Ed25519 over the bundle hash, base64
    public_key: str | None = None  # PEM of the key that signed it

    @property
    def signing_key_id(self) -> str | None:
        """SHA-256 of the raw public key, as the manifest names it."""
        value = self.seal.get("signing_key_id")
        return value if isinstance(value, str) else None

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
            "Check the Ed25519 signature (base64, in the JSON export's \"signature\") over the bundle hash's hex text "
            "with the deployment's public key, published at /.well-known/clausegraph-signing-key and printed below. "
            "`clausegraph verify-bundle bundle.json --public-key key.pem` runs every step of this annex offline.",
            None,
        ),
        (
            f"Clausegraph's verification checks the stored record against these hashes and says apart what changed in "
            f"the live record since the seal ({instant(report.sealed_at)}); pass that instant as knownAt to reproduce "
            "the figures.",
            None,
        ),
    ]
