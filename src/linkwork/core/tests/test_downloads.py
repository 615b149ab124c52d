"""Tables as files: what every CSV and XLSX download of the service shares."""

import csv
import io

import openpyxl

from linkwork.core.downloads import csv_response, xlsx_response

ROWS = [['=HYPERLINK("http://x")', "12", "<5"], ["@Smith", "0", "01234"], ["-3", "*", "+1"]]


def test_a_csv_starts_with_the_byte_order_mark_and_never_holds_a_formula():
    response = csv_response("t.csv", ["Name", "Count", "Code"], ROWS)
    assert response["Content-Disposition"] == 'attachment; filename="t.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffName,Count,Code\r\n")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:] == [
        ['\'=HYPERLINK("http://x")', "12", "<5"],
        ["'@Smith", "0", "01234"],
        ["'-3", "*", "'+1"],
    ]


def test_an_xlsx_holds_counts_as_numbers_and_the_rest_as_safe_text():
    response = xlsx_response("t.xlsx", {"Table": [["Name", "Count", "Code"], *ROWS]})
    assert response["Content-Disposition"] == 'attachment; filename="t.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Table"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Name", "Count", "Code"],
        ['\'=HYPERLINK("http://x")', 12, "<5"],
        ["'@Smith", 0, "01234"],  # a code keeps its leading zero
        ["'-3", "*", "'+1"],
    ]


# A name typed into a public form with a control character in it (nothing refuses one).
CONTROLLED = [["Ann\x01Marie", "3"], ['\x0b=HYPERLINK("http://x")', "x\x1b1"]]


def test_control_characters_are_left_out_so_an_xlsx_can_be_written_and_stays_safe():
    response = xlsx_response("t.xlsx", {"Table": [["Name", "Count"], *CONTROLLED]})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Table"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)][1:] == [
        ["AnnMarie", 3],
        ['\'=HYPERLINK("http://x")', "x1"],
    ]
    text = b"".join(csv_response("t.csv", ["Name", "Count"], CONTROLLED).streaming_content)
    assert list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))[1:] == [
        ["AnnMarie", "3"],
        ['\'=HYPERLINK("http://x")', "x1"],
    ]
