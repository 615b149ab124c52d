"""PDFs fetch nothing from another host: static files come from disk, and any other
address (one in a story's text, say) is refused."""

import pytest

from linkwork.core import pdf


def test_a_static_file_is_read_from_disk():
    body, mime_type = pdf.local_only(pdf.BASE_URL + "static/linkwork/app.css")
    assert mime_type == "text/css"
    assert b".lw-chart" in body


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        pdf.BASE_URL + "static/../../settings.py",
        pdf.BASE_URL + "accounts/sign-in/",
    ],
)
def test_every_other_address_is_refused(url):
    with pytest.raises(pdf.Refused):
        pdf.local_only(url)


def test_an_image_from_another_host_is_left_out_of_the_pdf(monkeypatch):
    asked, real = [], pdf.local_only

    def refusing(url):
        asked.append(url)
        return real(url)

    monkeypatch.setattr(pdf, "local_only", refusing)
    made = pdf.pdf('<p>Hello</p><img src="https://example.org/x.png" alt="x">')
    assert made.startswith(b"%PDF-")
    assert asked == ["https://example.org/x.png"]
