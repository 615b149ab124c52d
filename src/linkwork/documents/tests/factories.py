"""Files of each kind, real and pretend, and a letter attached to case_x."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = _png()
# What a lying name or Content-Type might hide.
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
WORD_DOCUMENT = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
PNG_SIGNATURE_ONLY = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>"


def upload(content: bytes = PDF, name: str = "letter.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def letter_on_case_x(world, title: str = "PIP decision letter"):
    """A benefits letter attached to case_x by its worker."""
    from linkwork.documents.services import attach_document

    return attach_document(
        case=world.case_x,
        by=world.users["link_worker"],
        file=upload(),
        kind="benefits_letter",
        title=title,
    )
