"""PDFs rendered on the server by WeasyPrint from our own HTML, with nothing fetched from
another host: a static file is read from disk, and any other address is refused (the
HTML is ours, but a story's text or a name in it must never make the server fetch). Fonts
are the machine's own (Arial, Liberation Sans or DejaVu Sans, through fontconfig)."""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

BASE_URL = "https://linkwork.invalid/"  # resolves relative addresses; never fetched


class Refused(ValueError):
    """An address the PDF may not fetch."""


def local_only(url: str) -> tuple[bytes, str]:
    """A static file's bytes and type, read from disk; every other address refused."""
    parts = urlsplit(url)
    if parts.netloc == urlsplit(BASE_URL).netloc and parts.path.startswith(settings.STATIC_URL):
        path = _static(parts.path.removeprefix(settings.STATIC_URL))
        if path:
            with open(path, "rb") as file:
                return file.read(), mimetypes.guess_type(path)[0] or "application/octet-stream"
    raise Refused(f"Not fetched for a PDF: {url}")


def _static(name: str) -> str | None:
    if ".." in name.split("/"):
        return None
    try:
        return finders.find(name)
    except SuspiciousFileOperation:
        return None


def document(html: str):
    """The laid-out document, ready to write as PDF."""
    from weasyprint import HTML  # imported on use: it loads Pango, a second or so

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).render()


def _fetcher():
    """WeasyPrint's fetcher, through `local_only` (a `data:` address is WeasyPrint's own)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, mime_type = local_only(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return LocalOnly()


def pdf(html: str) -> bytes:
    return document(html).write_pdf()
