"""Importing offices from CSV: checks, upserts, dry runs, the command and its speed."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from candidates.imports import (
    COLUMNS,
    CsvFileError,
    ImportReport,
    RowError,
    csv_open,
    offices_import,
    writes,
)
from candidates.models import Election, Jurisdiction, Office

pytestmark = pytest.mark.django_db

SAINT_PAUL_OCD_ID = "ocd-division/country:us/state:mn/place:st_paul"


def row(**values) -> dict:
    """A good row: a Saint Paul council ward and its next election. Override any cell."""
    cells = {
        "state": "MN",
        "jurisdiction_name": "Saint Paul",
        "jurisdiction_kind": "municipality",
        "county": "Ramsey County",
        "city": "Saint Paul",
        "jurisdiction_ocd_id": "",
        "election_office_url": "https://www.ramseycounty.us/elections",
        "office_name": "Saint Paul City Council",
        "level": "municipal",
        "district": "Ward 1",
        "seats": "1",
        "term_years": "4",
        "partisan": "no",
        "office_ocd_id": "",
        "election_date": "2027-11-02",
        "election_kind": "general",
        "filing_deadline": "2027-08-17",
        "filing_fee": "250",
        "signatures_required": "",
    }
    cells.update(values)
    return cells


def wards(count: int, **values) -> list[dict]:
    return [row(district=f"Ward {n}", **values) for n in range(1, count + 1)]


def csv_bytes(rows: list[dict], header: list[str] | None = None) -> bytes:
    header = header or list(COLUMNS)
    lines = [",".join(header)]
    for cells in rows:
        lines.append(",".join(_quoted(cells.get(column, "")) for column in header))
    return ("\n".join(lines) + "\n").encode()


def _quoted(value: str) -> str:
    return f'"{value}"' if "," in value else value


def run(rows: list[dict], **options) -> ImportReport:
    return offices_import(rows=rows, dry_run=options.pop("dry_run", False), **options)


def counts(report: ImportReport) -> dict[str, tuple[int, int, int]]:
    return {
        name: (c.created, c.updated, c.unchanged)
        for name, c in (
            ("offices", report.offices),
            ("jurisdictions", report.jurisdictions),
            ("elections", report.elections),
        )
    }


# --- A clean file -----------------------------------------------------------------------


def test_import_creates_offices_jurisdictions_and_elections():
    report = run(
        [
            row(
                office_name="Mayor of Saint Paul",
                district="",
                election_date="2029-11-06",
                filing_deadline="2029-08-14",
                filing_fee="500",
            ),
            *wards(7),
        ]
    )

    assert counts(report) == {
        "offices": (8, 0, 0),
        "jurisdictions": (1, 0, 0),
        "elections": (8, 0, 0),
    }
    assert report.errors == []
    saint_paul = Jurisdiction.objects.get()
    assert (saint_paul.state, saint_paul.kind, saint_paul.county, saint_paul.city) == (
        "MN",
        "municipality",
        "Ramsey County",
        "Saint Paul",
    )
    ward_3 = Office.objects.get(district="Ward 3")
    assert (ward_3.name, ward_3.level, ward_3.seats, ward_3.term_years, ward_3.partisan) == (
        "Saint Paul City Council",
        "municipal",
        1,
        4,
        False,
    )
    election = ward_3.elections.get()
    assert (election.kind, election.date, election.filing_deadline, election.filing_fee) == (
        "general",
        datetime.date(2027, 11, 2),
        datetime.date(2027, 8, 17),
        Decimal("250"),
    )
    assert election.signatures_required is None


def test_import_without_an_election_creates_only_the_office():
    report = run([row(election_date="", election_kind="", filing_deadline="", filing_fee="")])

    assert counts(report)["elections"] == (0, 0, 0)
    assert Office.objects.count() == 1
    assert Election.objects.count() == 0


def test_import_accepts_common_spellings():
    rows = [
        {
            " State ": "minnesota",
            "Jurisdiction Name": "Saint  Paul",
            "JURISDICTION-KIND": "City",
            "Office Name": "Saint Paul Public Schools Board of Education",
            "Level": "School board",
            "Seats": " 7 ",
            "Partisan": "No",
            "Election Date": "2027-11-02",
            "Election Kind": "General election",
            "Filing Fee": "$1,250.00",
            "Signatures Required": "1,500",
        },
        {
            "state": "mn",
            "jurisdiction_name": "Minnesota",
            "jurisdiction_kind": "State",
            "office_name": "Minnesota House of Representatives",
            "level": "state legislature",
            "district": "64A",
            "partisan": "Yes",
        },
        {
            "state": "MN",
            "jurisdiction_name": "Minnesota",
            "jurisdiction_kind": "state",
            "office_name": "Minnesota Senate",
            "level": "state_legislature",
            "district": "64",
            "partisan": "TRUE",
        },
        {
            "state": "District of Columbia",
            "jurisdiction_name": "District of Columbia",
            "jurisdiction_kind": "state",
            "office_name": "Advisory Neighborhood Commissioner",
            "level": "municipal",
            "district": "1A01",
            "partisan": "1",
        },
    ]

    report = run(rows)

    assert report.errors == []
    board = Office.objects.get(level="school_board")
    assert (board.jurisdiction.name, board.jurisdiction.kind, board.seats, board.partisan) == (
        "Saint Paul",
        "municipality",
        7,
        False,
    )
    election = board.elections.get()
    assert (election.kind, election.filing_fee, election.signatures_required) == (
        "general",
        Decimal("1250.00"),
        1500,
    )
    assert list(
        Office.objects.filter(level="state_legislature").values_list("partisan", flat=True)
    ) == [True, True]
    assert Jurisdiction.objects.get(name="District of Columbia").state == "DC"


def test_import_reports_columns_it_does_not_use():
    report = run([row(notes="call the clerk first")])

    assert report.ignored_columns == ["notes"]
    assert report.errors == []


# --- Bad rows ---------------------------------------------------------------------------

LEVELS = "state_legislature, statewide, county, municipal, school_board, judicial, special_district"
KINDS = "state, county, municipality, school_district, judicial_district, special_district"


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"office_name": ""}, "office_name is missing"),
        ({"jurisdiction_name": "  "}, "jurisdiction_name is missing"),
        ({"level": "mayor"}, f"level 'mayor' is not one of: {LEVELS}"),
        ({"jurisdiction_kind": "parish"}, f"jurisdiction_kind 'parish' is not one of: {KINDS}"),
        (
            {"election_kind": "recall"},
            "election_kind 'recall' is not one of: general, primary, special, runoff",
        ),
        (
            {"state": "Minnesotta"},
            "state 'Minnesotta' is not a US state: use a two-letter code like MN",
        ),
        ({"state": "PR"}, "state 'PR' is not a US state: use a two-letter code like MN"),
        (
            {"election_date": "11/02/2027"},
            "election_date '11/02/2027' is not a date like 2027-11-02 (year-month-day)",
        ),
        (
            {"election_date": "2027-02-30"},
            "election_date '2027-02-30' is not a date like 2027-11-02 (year-month-day)",
        ),
        (
            {"filing_deadline": "2027-11-03"},
            "filing_deadline 2027-11-03 is after election_date 2027-11-02",
        ),
        (
            {"filing_deadline": "1890-08-10"},
            "filing_deadline 1890-08-10 is more than two years before election_date 2027-11-02",
        ),
        ({"seats": "-1"}, "seats '-1' is not a whole number, 1 or more"),
        ({"seats": "0"}, "seats '0' is not a whole number, 1 or more"),
        ({"seats": "seven"}, "seats 'seven' is not a whole number, 1 or more"),
        ({"term_years": "2027"}, "term_years '2027' is not a whole number of years from 1 to 30"),
        (
            {"signatures_required": "lots"},
            "signatures_required 'lots' is not a whole number, 0 or more",
        ),
        ({"filing_fee": "-5"}, "filing_fee '-5' is not an amount in dollars like 250 or 1,250.00"),
        (
            {"election_office_url": "ramseycounty.us/elections"},
            "election_office_url 'ramseycounty.us/elections' is not a web address starting with https://",
        ),
        ({"partisan": "maybe"}, "partisan 'maybe' is not yes, no or empty"),
        (
            {"jurisdiction_ocd_id": "st paul"},
            "jurisdiction_ocd_id 'st paul' is not an Open Civic Data id (they start with ocd- and have no spaces)",
        ),
        ({"office_name": "x" * 201}, "office_name is longer than 200 characters"),
        (
            {
                "election_date": "",
                "election_kind": "",
                "filing_deadline": "2027-08-17",
                "filing_fee": "250",
            },
            "filing_deadline, filing_fee given but election_date is empty",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_import_reports_a_bad_row_and_keeps_the_good_ones(cells, reason):
    rows = [row(district="Ward 1"), row(district="Ward 2", **cells), row(district="Ward 3")]

    report = run(rows)

    assert report.errors == [RowError(3, reason)]
    assert sorted(Office.objects.values_list("district", flat=True)) == ["Ward 1", "Ward 3"]


def test_import_keeps_names_on_one_line_without_direction_controls():
    run([row(office_name="City\u202e Council\nMember", district="Ward\r\n1")])

    assert Office.objects.values_list("name", "district").get() == ("City Council Member", "Ward 1")


def test_import_lists_every_problem_of_a_row():
    report = run([row(level="mayor", seats="x")])

    assert report.errors == [
        RowError(
            2, f"level 'mayor' is not one of: {LEVELS}; seats 'x' is not a whole number, 1 or more"
        )
    ]


def test_import_reports_a_row_longer_than_the_header():
    rows = [row(), {**row(district="Ward 2"), None: ["stray"]}]

    report = run(rows)

    assert report.errors == [RowError(3, "the row has more cells than the header has columns")]


def test_import_reports_the_same_office_twice_and_keeps_the_first():
    report = run([row(seats="1"), row(district="Ward 2"), row(seats="3")])

    assert report.errors == [
        RowError(
            4,
            "same office as line 2 (Saint Paul City Council Ward 1, Saint Paul (MN)): "
            "only the first row for an office is imported",
        ),
    ]
    assert Office.objects.get(district="Ward 1").seats == 1


def test_import_reports_the_same_office_ocd_id_twice():
    report = run(
        [row(office_ocd_id="ocd-post/1"), row(district="Ward 2", office_ocd_id="ocd-post/1")]
    )

    assert [error.line_number for error in report.errors] == [3]
    assert report.errors[0].reason.startswith("same office as line 2")


def test_import_reports_a_jurisdiction_described_two_ways():
    report = run(
        [row(), row(district="Ward 2", county="Hennepin County"), row(district="Ward 3", county="")]
    )

    assert report.errors == [
        RowError(
            3, "Saint Paul (MN) has county 'Ramsey County' on line 2 but 'Hennepin County' here"
        ),
    ]
    # An empty cell contradicts nothing: "as on the other rows".
    assert Office.objects.count() == 2
    assert Jurisdiction.objects.get().county == "Ramsey County"


def test_import_reports_one_ocd_id_on_two_jurisdictions():
    rows = [
        row(jurisdiction_ocd_id=SAINT_PAUL_OCD_ID),
        row(
            jurisdiction_name="Minneapolis",
            city="Minneapolis",
            county="Hennepin County",
            jurisdiction_ocd_id=SAINT_PAUL_OCD_ID,
        ),
    ]

    report = run(rows)

    assert report.errors == [
        RowError(
            3,
            f"jurisdiction_ocd_id '{SAINT_PAUL_OCD_ID}' is already used for Saint Paul (MN) on line 2",
        ),
    ]


def test_import_counts_blank_lines_in_line_numbers():
    report = run([row(), {}, dict.fromkeys(COLUMNS, ""), row(level="mayor")])

    assert report.rows == 2
    assert [error.line_number for error in report.errors] == [5]


# --- Importing again --------------------------------------------------------------------


def test_reimport_changes_nothing():
    rows = [
        row(office_name="Mayor of Saint Paul", district="", jurisdiction_ocd_id=SAINT_PAUL_OCD_ID),
        *wards(7, jurisdiction_ocd_id=SAINT_PAUL_OCD_ID),
    ]
    run(rows)
    stamps = dict(Office.objects.values_list("pk", "updated_at"))
    jurisdiction_stamp = Jurisdiction.objects.get().updated_at

    report = run(rows, batch_size=3)

    assert counts(report) == {
        "offices": (0, 0, 8),
        "jurisdictions": (0, 0, 1),
        "elections": (0, 0, 8),
    }
    assert dict(Office.objects.values_list("pk", "updated_at")) == stamps
    assert Jurisdiction.objects.get().updated_at == jurisdiction_stamp


def test_reimport_with_a_changed_value_updates_just_that_office():
    run(wards(7))
    stamps = dict(Office.objects.values_list("district", "updated_at"))
    rows = wards(7)
    rows[2]["seats"] = "2"

    report = run(rows)

    assert counts(report)["offices"] == (0, 1, 6)
    assert Office.objects.get(district="Ward 3").seats == 2
    changed = {
        district
        for district, stamp in Office.objects.values_list("district", "updated_at")
        if stamp != stamps[district]
    }
    assert changed == {"Ward 3"}


def test_reimport_with_a_new_filing_fee_updates_the_election():
    run([row()])

    report = run([row(filing_fee="300", signatures_required="500")])

    assert counts(report) == {
        "offices": (0, 0, 1),
        "jurisdictions": (0, 0, 1),
        "elections": (0, 1, 0),
    }
    election = Election.objects.get()
    assert (election.filing_fee, election.signatures_required) == (Decimal("300"), 500)


def test_import_with_a_new_election_date_adds_an_election():
    run([row()])

    report = run([row(election_date="2031-11-04", filing_deadline="")])

    assert counts(report)["elections"] == (1, 0, 0)
    assert list(Election.objects.values_list("date", flat=True)) == [
        datetime.date(2027, 11, 2),
        datetime.date(2031, 11, 4),
    ]


def test_import_without_a_column_leaves_its_values_alone():
    run([row(seats="3", term_years="4")])
    without_seats = {key: value for key, value in row(term_years="2").items() if key != "seats"}

    report = run([without_seats])

    assert counts(report)["offices"] == (0, 1, 0)
    office = Office.objects.get()
    assert (office.seats, office.term_years) == (3, 2)


def test_import_with_an_empty_cell_clears_an_office_value():
    run([row(term_years="4", partisan="no")])

    run([row(term_years="", partisan="")])

    office = Office.objects.get()
    assert (office.term_years, office.partisan) == (None, None)


def test_import_fills_in_a_jurisdiction_detail_from_a_later_batch():
    rows = [
        row(election_office_url=""),
        row(district="Ward 2", election_office_url="https://www.stpaul.gov/elections"),
    ]

    first = run(rows, batch_size=1)
    again = run(rows, batch_size=1)

    assert counts(first)["jurisdictions"] == (1, 0, 0)
    assert counts(again)["jurisdictions"] == (0, 0, 1)
    assert Jurisdiction.objects.get().election_office_url == "https://www.stpaul.gov/elections"


# --- Matching by Open Civic Data id or by name ------------------------------------------


def test_import_matches_an_office_by_ocd_id_and_renames_it():
    run([row(office_name="City Council", office_ocd_id="ocd-post/st-paul-ward-1")])

    report = run(
        [row(office_name="Saint Paul City Council", office_ocd_id="ocd-post/st-paul-ward-1")]
    )

    assert counts(report)["offices"] == (0, 1, 0)
    assert list(Office.objects.values_list("name", "ocd_id")) == [
        ("Saint Paul City Council", "ocd-post/st-paul-ward-1")
    ]


def test_import_matches_an_office_by_name_and_district_without_ocd_id():
    run([row(seats="1")])

    report = run([row(seats="2")])

    assert counts(report)["offices"] == (0, 1, 0)
    assert list(Office.objects.values_list("district", "seats")) == [("Ward 1", 2)]


def test_import_gives_an_office_matched_by_name_its_ocd_id():
    run([row()])

    report = run([row(office_ocd_id="ocd-post/st-paul-ward-1")])

    assert counts(report)["offices"] == (0, 1, 0)
    assert Office.objects.get().ocd_id == "ocd-post/st-paul-ward-1"


def test_import_reports_an_office_whose_ocd_id_differs_from_the_saved_one():
    run([row(office_ocd_id="ocd-post/st-paul-ward-1")])

    report = run([row(office_ocd_id="ocd-post/other")])

    assert report.errors == [
        RowError(
            2,
            "Saint Paul City Council Ward 1, Saint Paul (MN) already has office_ocd_id "
            "'ocd-post/st-paul-ward-1', not 'ocd-post/other'",
        ),
    ]


def test_import_matches_a_jurisdiction_by_ocd_id_and_renames_it():
    run([row(jurisdiction_name="St. Paul", jurisdiction_ocd_id=SAINT_PAUL_OCD_ID)])
    office = Office.objects.get()

    report = run([row(jurisdiction_ocd_id=SAINT_PAUL_OCD_ID)])

    assert counts(report) == {
        "offices": (0, 0, 1),
        "jurisdictions": (0, 1, 0),
        "elections": (0, 0, 1),
    }
    assert list(Jurisdiction.objects.values_list("name", flat=True)) == ["Saint Paul"]
    assert Office.objects.get().pk == office.pk


def test_import_matches_a_jurisdiction_by_state_kind_and_name():
    run([row()])

    report = run([row(district="Ward 2", jurisdiction_ocd_id=SAINT_PAUL_OCD_ID)])

    assert counts(report)["jurisdictions"] == (0, 1, 0)
    assert Jurisdiction.objects.get().ocd_id == SAINT_PAUL_OCD_ID


def test_import_reports_a_jurisdiction_whose_ocd_id_differs_from_the_saved_one():
    run([row(jurisdiction_ocd_id=SAINT_PAUL_OCD_ID)])

    report = run([row(jurisdiction_ocd_id="ocd-division/country:us/state:mn/place:saint_paul")])

    assert report.errors == [
        RowError(
            2,
            f"Saint Paul (MN) already has jurisdiction_ocd_id '{SAINT_PAUL_OCD_ID}', "
            "not 'ocd-division/country:us/state:mn/place:saint_paul'",
        ),
    ]


def another_import_saves_meanwhile(monkeypatch, district: str) -> None:
    """Another import (another process) saves this office between a batch's reads and
    its writes, so the database refuses the batch. Simulated by saving it just before
    the offices of a batch that holds it are written."""
    write_offices = writes.write_offices

    def write_offices_after_another_import(rows, jurisdictions, *args):
        for cells in rows:
            if cells.district == district:
                Office.objects.create(
                    jurisdiction=jurisdictions[cells.jurisdiction_key],
                    name=cells.name,
                    district=district,
                    level="municipal",
                    term_years=4,
                    partisan=False,
                )
        return write_offices(rows, jurisdictions, *args)

    monkeypatch.setattr(writes, "write_offices", write_offices_after_another_import)


def test_import_writes_a_refused_batch_again_row_by_row(monkeypatch):
    another_import_saves_meanwhile(monkeypatch, "Ward 2")

    report = run(wards(3))

    # Row by row, Ward 2 is found (saved by the other import) and left as it is.
    assert report.errors == []
    assert counts(report)["offices"] == (2, 0, 1)
    assert sorted(Office.objects.values_list("district", flat=True)) == [
        "Ward 1",
        "Ward 2",
        "Ward 3",
    ]


def test_import_reports_a_row_the_database_still_refuses(monkeypatch):
    another_import_saves_meanwhile(monkeypatch, "Ward 1")

    report = run(wards(1))

    assert report.errors == [
        RowError(
            2,
            "Saint Paul City Council Ward 1, Saint Paul (MN) clashes with an office or "
            "jurisdiction saved in the meantime; import the file again",
        ),
    ]
    assert Office.objects.count() == 0


# --- Dry run ----------------------------------------------------------------------------


def test_dry_run_writes_nothing_and_says_what_would_change():
    run([row(district="Ward 1", seats="1")])
    stamp = Office.objects.get().updated_at

    report = run(
        [
            row(district="Ward 1", seats="2"),
            row(district="Ward 2"),
            row(district="Ward 3", level="x"),
        ],
        dry_run=True,
        batch_size=1,
    )

    assert report.dry_run is True
    assert counts(report) == {
        "offices": (1, 1, 0),
        "jurisdictions": (0, 0, 1),
        "elections": (1, 0, 1),
    }
    assert [error.line_number for error in report.errors] == [4]
    assert list(Office.objects.values_list("district", "seats", "updated_at")) == [
        ("Ward 1", 1, stamp)
    ]
    assert Election.objects.count() == 1


# --- Queries: a fixed number per batch --------------------------------------------------


@pytest.mark.parametrize("size", [5, 50])
def test_import_batch_queries_do_not_grow_with_its_size(size, django_assert_num_queries):
    rows = wards(size)
    for n, cells in enumerate(rows):
        cells["office_ocd_id"] = f"ocd-post/ward-{n}"

    # New rows: savepoint, read jurisdictions, insert jurisdictions, read offices (by ocd
    # id), insert offices, insert elections, release.
    with django_assert_num_queries(7):
        run(rows, batch_size=100)
    for cells in rows:
        cells["seats"] = "2"
        cells["filing_fee"] = "300"
    # Changed rows: savepoint, read jurisdictions, read offices, update offices, read
    # elections, update elections, release.
    with django_assert_num_queries(7):
        run(rows, batch_size=100)
    # The same rows again: savepoint, the three reads, release.
    with django_assert_num_queries(5):
        run(rows, batch_size=100)

    assert Office.objects.filter(seats=2).count() == size


# --- Reading files ----------------------------------------------------------------------


def test_csv_open_streams_rows_with_normalised_columns():
    data = (
        "\ufeff"
        + "State, Jurisdiction Name ,jurisdiction_kind,Office Name,level\nMN,Saint Paul,municipality,Mayor,municipal\n"
    )

    csv_file = csv_open(io.BytesIO(data.encode()))

    assert csv_file.columns == [
        "state",
        "jurisdiction_name",
        "jurisdiction_kind",
        "office_name",
        "level",
    ]
    assert csv_file.total_rows == 1
    assert list(csv_file.rows) == [
        {
            "state": "MN",
            "jurisdiction_name": "Saint Paul",
            "jurisdiction_kind": "municipality",
            "office_name": "Mayor",
            "level": "municipal",
        },
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (
            b"state,office_name\nMN,Mayor\n",
            "The header is missing the required columns: jurisdiction_name, jurisdiction_kind, level.",
        ),
        (
            b"state,jurisdiction_name,jurisdiction_kind,office_name,level,Level\n",
            "These columns appear more than once: level.",
        ),
        (
            "state,jurisdiction_name,jurisdiction_kind,office_name,level\nMN,Saint Paul,city,Maire,é\n".encode(
                "latin-1"
            ),
            "The file is not UTF-8 text. Save it as “CSV UTF-8” (Excel and Google Sheets both offer it) and try again.",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "This looks like an Excel workbook, not a CSV file. Save it as “CSV UTF-8” and try again.",
        ),
    ],
    ids=["empty", "missing columns", "repeated column", "latin-1", "excel"],
)
def test_csv_open_refuses_a_file_it_cannot_import(content, message):
    with pytest.raises(CsvFileError) as raised:
        csv_open(io.BytesIO(content))

    assert str(raised.value) == message


# --- The command ------------------------------------------------------------------------


def command(path, *args) -> str:
    out = io.StringIO()
    call_command("import_offices", str(path), *args, stdout=out)
    return out.getvalue()


def test_command_imports_a_file_and_prints_a_summary(tmp_path):
    path = tmp_path / "offices.csv"
    path.write_bytes(csv_bytes([*wards(2), row(district="Ward 3", level="mayor")]))

    output = command(path)

    assert f"line 4: level 'mayor' is not one of: {LEVELS}" in output
    assert "Offices: 2 created, 0 updated, 0 unchanged." in output
    assert "Jurisdictions: 1 created, 0 updated, 0 unchanged." in output
    assert "Elections: 2 created, 0 updated, 0 unchanged." in output
    assert "1 bad rows skipped (listed above)." in output
    assert "3 rows in" in output
    assert " of 3 rows " not in output  # one batch: no progress lines
    assert Office.objects.count() == 2


def test_command_prints_progress_for_each_batch(tmp_path):
    path = tmp_path / "offices.csv"
    path.write_bytes(csv_bytes(wards(5)))

    output = command(path, "--batch-size", "2")

    progress = [line.split(", ")[0] for line in output.splitlines() if " of 5 rows " in line]
    assert progress == ["2 of 5 rows (40%)", "4 of 5 rows (80%)", "5 of 5 rows (100%)"]


def test_command_dry_run_saves_nothing(tmp_path):
    path = tmp_path / "offices.csv"
    path.write_bytes(csv_bytes(wards(2)))

    output = command(path, "--dry-run")

    assert "Dry run: nothing was saved. The import would do this:" in output
    assert "Offices: 2 created, 0 updated, 0 unchanged." in output
    assert Office.objects.count() == 0


def test_command_lists_the_first_200_bad_rows(tmp_path):
    path = tmp_path / "offices.csv"
    path.write_bytes(csv_bytes(wards(205, level="mayor")))

    output = command(path)

    assert "line 201: level 'mayor'" in output
    assert "line 202: level 'mayor'" not in output
    assert "... and 5 more bad rows." in output
    assert "205 bad rows skipped (listed above)." in output


def test_command_fails_on_a_header_without_required_columns(tmp_path):
    path = tmp_path / "offices.csv"
    path.write_bytes(b"state,jurisdiction_name,office_name\nMN,Saint Paul,Mayor\n")

    with pytest.raises(CommandError) as raised:
        command(path)

    assert str(raised.value) == (
        f"{path}: The header is missing the required columns: jurisdiction_kind, level."
    )


def test_command_fails_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError) as raised:
        command(tmp_path / "nowhere.csv")

    assert (
        str(raised.value) == f"Cannot read {tmp_path / 'nowhere.csv'}: No such file or directory."
    )


def test_command_reads_the_sample_file(settings):
    output = command(settings.BASE_DIR / "docs" / "sample-offices.csv", "--dry-run")

    assert "bad rows" not in output
    assert "Offices: 0 created" not in output
