from decimal import Decimal

import pytest

from linkwork.places.models import DecileScheme, Postcode
from linkwork.places.services import PHS_LOOKUP, SG_LOOKUP, SimdFileError, load_simd_file
from linkwork.places.tests.files import PHS_HEADER, SG_HEADER, phs_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

PHS_ROWS = [
    phs_row("G51 3HR", "S01010001", 312, 1, 1),
    phs_row("PA15 2AB", "S01011002", 2100, 3, 2),
    phs_row("G45 9AA", "S01009999", 6900, 10, 5),
]
SG_ROWS = [
    ["G51 3HR", "S01010001", 312, 1, 1],
    ["pa152ab", "S01011002", 2100, 4, 2],
]


def figures(postcode):
    row = Postcode.objects.get(pk=postcode)
    return row.datazone, row.simd_rank, row.simd_decile, row.simd_quintile, row.decile_scheme


def test_it_loads_the_phs_csv_as_population_weighted(tmp_path):
    report = load_simd_file(path=write_csv(tmp_path / "phs.csv", PHS_HEADER, PHS_ROWS))
    assert report.layout is PHS_LOOKUP
    assert [outcome.postcode for outcome in report.created] == ["G51 3HR", "PA15 2AB", "G45 9AA"]
    assert report.rejected == []
    assert figures("PA15 2AB") == ("S01011002", 2100, 3, 2, DecileScheme.PHS_POPULATION_WEIGHTED)
    row = Postcode.objects.get(pk="G51 3HR")
    assert (row.source_name, row.datazone_vintage, row.simd_version) == (
        "phs.csv",
        "dz2011",
        "simd2020v2",
    )
    assert not row.is_synthetic
    assert row.latitude is None


def test_it_reads_pc7_alone_with_its_padding(tmp_path):
    header = [
        "pc7",
        "datazone2011",
        "simd2020v2_rank",
        "simd2020v2_sc_decile",
        "simd2020v2_sc_quintile",
    ]
    rows = [["G1  1AA", "S01010001", 5, 1, 1], ["EH101AA", "S01008000", 6000, 9, 5]]
    report = load_simd_file(path=write_csv(tmp_path / "pc7.csv", header, rows))
    assert [outcome.postcode for outcome in report.created] == ["G1 1AA", "EH10 1AA"]


def test_it_loads_the_sg_lookup_saved_as_csv_as_equal_data_zones(tmp_path):
    report = load_simd_file(path=write_csv(tmp_path / "sg.csv", SG_HEADER, SG_ROWS))
    assert report.layout is SG_LOOKUP
    assert len(report.created) == 2
    assert figures("PA15 2AB") == ("S01011002", 2100, 4, 2, DecileScheme.SG_EQUAL_DATA_ZONES)


def test_it_loads_the_sg_workbook_past_a_notes_sheet_and_a_title_row(tmp_path):
    header = [
        "Postcode",
        "Data_Zone",
        "SIMD2020v2_Rank",
        "SIMD2020v2_Decile",
        "SIMD2020v2_Quintile",
    ]
    path = write_xlsx(
        tmp_path / "sg.xlsx",
        header,
        [*SG_ROWS, [None] * 5, ["G53 7TS", "S01010500", 1500.0, 3.0, 2.0]],
        title_rows=[["SIMD 2020v2 postcode lookup"], []],
        notes_sheet=True,
    )
    report = load_simd_file(path=path, source_name="SIMD+2020v2+-+postcode+lookup.xlsx")
    assert report.layout is SG_LOOKUP
    assert [outcome.row for outcome in report.created] == [4, 5, 7]
    assert figures("G53 7TS") == ("S01010500", 1500, 3, 2, DecileScheme.SG_EQUAL_DATA_ZONES)
    assert Postcode.objects.get(pk="G51 3HR").source_name == "SIMD+2020v2+-+postcode+lookup.xlsx"


def test_a_second_load_updates_without_duplicating_and_keeps_coordinates(tmp_path):
    path = write_csv(tmp_path / "phs.csv", PHS_HEADER, PHS_ROWS)
    load_simd_file(path=path)
    Postcode.objects.filter(pk="G51 3HR").update(latitude=Decimal("55.861"), longitude=-4.31)
    changed = [phs_row("G51 3HR", "S01010001", 700, 2, 1), *PHS_ROWS[1:]]
    report = load_simd_file(path=write_csv(tmp_path / "phs.csv", PHS_HEADER, changed))
    assert (len(report.created), len(report.updated)) == (0, 3)
    assert Postcode.objects.count() == 3
    row = Postcode.objects.get(pk="G51 3HR")
    assert (row.simd_rank, row.simd_decile, row.latitude) == (700, 2, Decimal("55.861000"))


def test_the_sg_file_replaces_the_phs_figures_and_says_so(tmp_path):
    load_simd_file(path=write_csv(tmp_path / "phs.csv", PHS_HEADER, PHS_ROWS))
    report = load_simd_file(path=write_csv(tmp_path / "sg.csv", SG_HEADER, SG_ROWS))
    assert [outcome.postcode for outcome in report.updated] == ["G51 3HR", "PA15 2AB"]
    assert figures("PA15 2AB")[-1] == DecileScheme.SG_EQUAL_DATA_ZONES
    assert figures("G45 9AA")[-1] == DecileScheme.PHS_POPULATION_WEIGHTED


def test_bad_rows_are_rejected_by_row_column_and_value_and_good_rows_kept(tmp_path):
    rows = [
        phs_row("G51 3HR", "S01010001", 312, 1, 1),  # row 2
        phs_row("G51 3HS", "S01010001", 312, 11, 1),
        phs_row("G51 3HT", "S01010001", 312, "one", 1),
        phs_row("G51 3HU", "S01010001", 0, 1, 1),
        phs_row("G51 3HW", "S01010001", 7000, 1, 1),
        phs_row("G51 3HX", "S01010001", 312, 1, 6),
        phs_row("G51 3HY", "S0101", 312, 1, 1),
        phs_row("G51 3HZ", "S01010001", 312, 1.5, 1),
        ["G51 3CI", "G51 3CI", "S01010001", "S08000031", 312, 1, 1],
        phs_row("G51 3HR", "S01010002", 400, 1, 1),
        ["", "", "S01010001", "S08000031", 312, 1, 1],
        phs_row("G52 1AB", "S01010003", 312, "", 1),
        phs_row("G52 1AD", "S01010003", 2000, 3, 2),  # row 14
    ]
    report = load_simd_file(path=write_csv(tmp_path / "bad.csv", PHS_HEADER, rows))
    assert [outcome.message for outcome in report.rejected] == [
        "row 3: simd2020v2_sc_decile '11' is not a decile 1-10",
        "row 4: simd2020v2_sc_decile 'one' is not a decile 1-10",
        "row 5: simd2020v2_rank '0' is not a rank 1-6976",
        "row 6: simd2020v2_rank '7000' is not a rank 1-6976",
        "row 7: simd2020v2_sc_quintile '6' is not a quintile 1-5",
        "row 8: datazone2011 'S0101' is not a data zone code (S01 and six digits)",
        "row 9: simd2020v2_sc_decile '1.5' is not a decile 1-10",
        "row 10: pc7 'G51 3CI' is not a valid postcode",
        "row 11: pc7 'G51 3HR' repeats row 2",
        "row 12: pc7 is empty",
        "row 13: simd2020v2_sc_decile is empty",
    ]
    assert [outcome.row for outcome in report.created] == [2, 14]
    assert sorted(Postcode.objects.values_list("pk", flat=True)) == ["G51 3HR", "G52 1AD"]
    assert Postcode.objects.get(pk="G51 3HR").simd_rank == 312


def test_a_file_of_another_shape_is_refused_naming_the_expected_columns(tmp_path):
    path = write_csv(tmp_path / "dz.csv", ["DataZone", "SIMD2020V2Rank"], [["S01006506", 1]])
    with pytest.raises(SimdFileError) as refused:
        load_simd_file(path=path)
    message = str(refused.value)
    assert "\n" not in message
    assert "no header we recognise" in message
    assert "pc7 or pc8, datazone2011, simd2020v2_rank" in message
    assert "Postcode, DZ or Data_Zone, SIMD2020v2_Rank, SIMD2020v2_Decile" in message
    assert not Postcode.objects.exists()


def test_a_header_missing_one_column_is_refused(tmp_path):
    header = [name for name in PHS_HEADER if name != "simd2020v2_sc_quintile"]
    path = write_csv(tmp_path / "short.csv", header, [])
    with pytest.raises(SimdFileError, match="no header we recognise"):
        load_simd_file(path=path)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: tmp / "missing.csv", "does not exist"),
        (lambda tmp: tmp, "is a folder"),
        (
            lambda tmp: _write_bytes(tmp / "latin.csv", "Postcode,Br\xfb\n".encode("cp1252")),
            "is not UTF-8 text",
        ),
        (
            lambda tmp: _write_bytes(tmp / "broken.xlsx", b"PK\x03\x04 not really a zip"),
            "is not a readable .xlsx workbook",
        ),
        (lambda tmp: _write_bytes(tmp / "empty.csv", b""), "no header we recognise"),
    ],
)
def test_a_missing_or_unreadable_file_is_refused_in_one_line(tmp_path, make, says):
    with pytest.raises(SimdFileError, match=says) as refused:
        load_simd_file(path=make(tmp_path))
    assert "\n" not in str(refused.value)


def _write_bytes(path, content: bytes):
    path.write_bytes(content)
    return path


def test_synthetic_rows_never_replace_real_ones(tmp_path):
    load_simd_file(path=write_csv(tmp_path / "real.csv", PHS_HEADER, PHS_ROWS[:1]))
    rows = [
        phs_row("G51 3HR", "S01999001", 5000, 8, 4),
        phs_row("G51 3HS", "S01999001", 5000, 8, 4),
    ]
    report = load_simd_file(path=write_csv(tmp_path / "fake.csv", PHS_HEADER, rows), synthetic=True)
    assert [outcome.message for outcome in report.rejected] == [
        "row 2: G51 3HR already holds real SIMD data, which synthetic data never replaces"
    ]
    assert figures("G51 3HR")[:3] == ("S01010001", 312, 1)
    assert Postcode.objects.get(pk="G51 3HS").is_synthetic


def test_real_rows_replace_synthetic_ones(tmp_path):
    path = write_csv(tmp_path / "phs.csv", PHS_HEADER, PHS_ROWS[:1])
    load_simd_file(path=path, synthetic=True)
    report = load_simd_file(path=path)
    assert len(report.updated) == 1
    assert not Postcode.objects.get(pk="G51 3HR").is_synthetic


def test_a_file_that_breaks_part_way_loads_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("linkwork.places.services.BATCH_SIZE", 1)
    path = write_csv(tmp_path / "phs.csv", PHS_HEADER, PHS_ROWS)
    path.write_bytes(path.read_bytes() + b"G52 1AB,G52 1AB,S01010003,S08000031,1,1,1\xff\n")
    with pytest.raises(SimdFileError, match="is not UTF-8 text"):
        load_simd_file(path=path)
    assert not Postcode.objects.exists()
