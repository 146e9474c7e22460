"""Command-line output helpers: rounding, plurals, import summaries, sort cursors, vocabularies."""

from __future__ import annotations

import pytest

from clausegraph.cli_output import rounded, table
from clausegraph.import_report import ImportReport, plural
from domain.disputes import FINAL_STATUSES
from domain.documents.vocabulary import DisputeStep
from schema.ordering import ordered_cursor, ordered_position
from schema.vocabulary import DisputeStatus


def test_figures_are_rounded_half_up() -> None:
    assert rounded("99.36070147453267534021235607") == "99.3607"
    assert rounded("99.99995") == "100.0000"
    assert rounded(None) == "" and rounded("n/a") == "n/a"


@pytest.mark.parametrize(
    ("report", "line"),
    [
        (ImportReport("incident", ["A"], []), "1 incident imported"),
        (ImportReport("incident", [], ["A"]), "1 incident already present"),
        (ImportReport("incident", ["A", "B"], ["C"]), "2 incidents imported, 1 already present"),
        (ImportReport("incident", [], ["A", "B"]), "2 incidents already present"),
        (ImportReport("incident", [], []), "0 incidents imported"),
        (ImportReport("precedent", ["p"], []), "1 precedent merged"),
        (ImportReport("contract", ["k@1"], []), "contract k@1 created"),
        (ImportReport("contract", [], ["k@1"]), "contract k@1 already stored, unchanged"),
    ],
)
def test_import_summaries_say_what_was_created(report: ImportReport, line: str) -> None:
    assert report.summary() == line


def test_plurals() -> None:
    assert [plural(n, "incident") for n in (0, 1, 2)] == ["0 incidents", "1 incident", "2 incidents"]


def test_table_cells_fold_rather_than_being_cut() -> None:
    built = table("t", ["a", "b"], [["x", "y"]], right=["b"])
    assert [c.overflow for c in built.columns] == ["fold", "fold"] and built.columns[1].justify == "right"


def test_sort_cursors_round_trip_and_belong_to_one_order() -> None:
    cursor = ordered_cursor("SEVERITY:ASC", "SEV2", "INC-9")
    assert ordered_position(cursor, "SEVERITY:ASC", "SEVERITY") == ("SEV2", "INC-9")
    with pytest.raises(ValueError, match="another sort order"):
        ordered_position(cursor, "BREACH_COUNT:ASC", "BREACH_COUNT")
    assert ordered_position(None, "SEVERITY:ASC", "SEVERITY") is None


def test_dispute_statuses_are_the_steps_and_final_statuses() -> None:
    assert {s.value for s in DisputeStatus} == {*DisputeStep, *FINAL_STATUSES}
