"""A list's download (core/listings.py): the filters kept, bad asks refused."""

import pytest
from django.core.exceptions import BadRequest
from django.http import QueryDict

from linkwork.core.listings import Listing, Row, download, download_asked, download_query
from linkwork.core.tests.listings import csv_rows, xlsx_rows


def test_the_download_links_keep_every_filter_but_the_page():
    params = QueryDict("status=new&practice=3&practice=4&page=2&download=csv&empty=")
    assert download_query(params, "xlsx") == "?status=new&practice=3&practice=4&download=xlsx"


def test_only_csv_and_xlsx_are_offered():
    assert download_asked(QueryDict("")) == ""
    assert download_asked(QueryDict("download=xlsx")) == "xlsx"
    with pytest.raises(BadRequest):
        download_asked(QueryDict("download=pdf"))


@pytest.mark.parametrize(("read", "kind"), [(csv_rows, "csv"), (xlsx_rows, "xlsx")])
def test_a_name_typed_as_a_formula_is_written_as_text(read, kind):
    listing = Listing(
        ("Person", "Practice"),
        [Row(None, ('=HYPERLINK("http://x","Click")', "@Practice"), ("-1",))],
        ("Referral number",),
    )
    response = download(kind, "referrals", listing, sheet="Referrals")
    assert response["Content-Disposition"] == f'attachment; filename="referrals.{kind}"'
    assert read(response) == [
        ["Person", "Practice", "Referral number"],
        ['\'=HYPERLINK("http://x","Click")', "'@Practice", "'-1"],
    ]
