"""Small lookup files written on the fly, in the published column layouts."""

import csv

import openpyxl

PHS_HEADER = [
    "pc7",
    "pc8",
    "datazone2011",
    "hb2019",
    "simd2020v2_rank",
    "simd2020v2_sc_decile",
    "simd2020v2_sc_quintile",
]
SG_HEADER = ["Postcode", "DZ", "SIMD2020v2_Rank", "SIMD2020v2_Decile", "SIMD2020v2_Quintile"]


def phs_row(postcode: str, datazone: str, rank, decile, quintile) -> list:
    outward, inward = postcode.split(" ")
    return [f"{outward:<4}{inward}", postcode, datazone, "S08000031", rank, decile, quintile]


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def write_xlsx(path, header, rows, *, title_rows=(), notes_sheet=False):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if notes_sheet:
        sheet.title = "Notes"
        sheet.append(["About this workbook"])
        sheet = workbook.create_sheet("Postcode lookup")
    for row in [*title_rows, header, *rows]:
        sheet.append(row)
    workbook.save(path)
    return path
