"""Letters and forms on a case: only PDF, PNG and JPEG by their content, no larger than the
limit, kept privately, and handed out only to whoever may see the case, each download
audited (decision 0110)."""

import os
import stat
import time
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from linkwork.accounts.tests.test_authorisation import ALL_USERS
from linkwork.accounts.tests.writes import Writes
from linkwork.audit.models import Action, AuditEvent
from linkwork.casework import services as casework
from linkwork.casework.tests.helpers import page_of
from linkwork.core.models import NotDeletable
from linkwork.documents import files
from linkwork.documents.models import CaseDocument, FileType
from linkwork.documents.services import attach_document, remove_under_retention
from linkwork.documents.tests import factories as f

WRONG_TYPE = "The selected file must be a PDF, PNG or JPEG: choose a PDF, PNG or JPEG file"


@pytest.fixture(autouse=True)
def documents_dir(settings, tmp_path):
    settings.DOCUMENTS_DIR = tmp_path / "documents"
    return settings.DOCUMENTS_DIR


def kept(documents_dir) -> list:
    return [path for path in documents_dir.rglob("*") if path.is_file()]


def _attach(client, world, content=f.PDF, name="letter.pdf", content_type="application/pdf"):
    url = reverse("documents:attach", args=[world.case_x.pk])
    data = {"kind": "benefits_letter", "title": "PIP decision letter"}
    return client.post(url, {**data, "file": f.upload(content, name, content_type)})


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (f.PDF, FileType.PDF),
        (f.PNG, FileType.PNG),
        (f.JPEG, FileType.JPEG),
        (f.HTML, None),
        (f.WINDOWS_PROGRAM, None),
        (f.WORD_DOCUMENT, None),
        (f.SVG, None),
        (f.PNG_SIGNATURE_ONLY, None),
        (b"", None),
    ],
)
def test_a_file_is_what_its_first_bytes_say(head, expected):
    assert files.sniff(head[: files.HEAD_BYTES]) == expected


def test_a_worker_attaches_a_letter_and_it_is_kept_privately(world, worker, documents_dir):
    response = _attach(worker, world, name="../../etc/passwd.pdf")
    assert response.status_code == 302
    document = CaseDocument.objects.get(case=world.case_x)
    assert (document.content_type, document.size, document.kind) == (
        FileType.PDF,
        len(f.PDF),
        "benefits_letter",
    )
    (path,) = kept(documents_dir)
    # A random name of the service's own, readable by it only; nothing of the sender's.
    assert path.name == document.stored_name
    assert "passwd" not in str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == f.PDF
    page = page_of(worker.get(reverse("casework:case_detail", args=[world.case_x.pk])))
    assert "PIP decision letter" in page
    assert reverse("documents:download", args=[document.pk]) in page
    assert 'enctype="multipart/form-data"' in page


def test_the_download_is_an_audited_attachment_of_its_own_type(world, worker):
    document = f.letter_on_case_x(world, title="PIP letter: <script> & März")
    before = AuditEvent.objects.count()
    response = worker.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert response.content == f.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="pip-letter-script-marz-{document.pk}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.actor, event.person_id) == (
        Action.EXPORT,
        world.users["link_worker"],
        world.case_x.person_id,
    )
    assert (event.object_type, event.object_id) == ("documents.casedocument", str(document.pk))


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (f.HTML, "letter.pdf", "application/pdf"),
        (f.WINDOWS_PROGRAM, "scan.png", "image/png"),
        (f.WORD_DOCUMENT, "form.pdf", "application/pdf"),
        (f.SVG, "photo.jpg", "image/jpeg"),
        (f.PNG_SIGNATURE_ONLY, "photo.png", "image/png"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_kept(
    world, worker, documents_dir, content, name, content_type
):
    writes = Writes()
    with connection.execute_wrapper(writes):
        response = _attach(worker, world, content, name, content_type)
    assert response.status_code == 400
    assert WRONG_TYPE in page_of(response)
    assert 'value="PIP decision letter"' in page_of(response)  # what was typed stays
    assert not writes.seen
    assert not kept(documents_dir)
    assert not CaseDocument.objects.exists()


def test_a_file_over_the_limit_is_refused_and_never_kept(world, worker, settings, documents_dir):
    settings.LINKWORK_UPLOAD_MAX_MB = 1
    settings.LINKWORK_UPLOAD_MAX_BYTES = 1024 * 1024
    big = f.PDF + b"0" * (1024 * 1024)
    writes = Writes()
    with connection.execute_wrapper(writes):
        response = _attach(worker, world, big)
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 MB" in page_of(response)
    assert not writes.seen
    assert not kept(documents_dir)
    # The service refuses it too, whoever calls it (the upload handler is the pages' own).
    with pytest.raises(ValidationError) as refused:
        attach_document(
            case=world.case_x,
            by=world.users["link_worker"],
            file=f.upload(big),
            kind="other",
            title="Too big",
        )
    assert "smaller than 1 MB" in refused.value.message_dict["file"][0]
    assert not kept(documents_dir)


def test_an_empty_file_and_a_missing_title_say_what_to_do(world, worker, documents_dir):
    url = reverse("documents:attach", args=[world.case_x.pk])
    page = page_of(worker.post(url, {"kind": "other", "title": "", "file": f.upload(b"")}))
    assert "The selected file is empty: choose the file again" in page
    assert "Enter a short title for the letter or form" in page
    assert not kept(documents_dir)


def test_a_closed_case_takes_no_new_letter(world, documents_dir):
    worker = world.users["link_worker"]
    casework.close_case(
        case=world.case_x, by=worker, reason="goals_met", closed_on=world.case_x.opened_on
    )
    world.case_x.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        f.letter_on_case_x(world)
    assert not kept(documents_dir)


def test_a_letter_is_never_deleted(world):
    with pytest.raises(NotDeletable):
        f.letter_on_case_x(world).delete()


DOWNLOADERS = {"link_worker", "team_lead"}  # case_x's worker and their team lead


def test_only_who_may_see_the_case_gets_its_letters(client, world, api):
    """Another worker, another HSCP's worker, practice staff (whatever the person agreed to
    share), partners, commissioners and administrators: a 404 or 403 on the page and the
    API, and no file and no download recorded."""
    document = f.letter_on_case_x(world)
    page = reverse("documents:download", args=[document.pk])
    for username in ALL_USERS:
        client.force_login(world.users[username])
        by_api = api(world.users[username])
        exports = AuditEvent.objects.filter(action=Action.EXPORT).count()
        got = client.get(page), by_api.get(f"/documents/{document.pk}/file")
        listed = by_api.get(f"/cases/{world.case_x.pk}/documents")
        if username in DOWNLOADERS:
            assert [r.status_code for r in (*got, listed)] == [200, 200, 200], username
            continue
        assert {r.status_code for r in (*got, listed)} <= {403, 404}, username
        assert all(b"%PDF" not in r.content for r in got), username
        assert AuditEvent.objects.filter(action=Action.EXPORT).count() == exports, username


def test_the_api_lists_a_cases_letters_and_hands_out_each(world, api):
    document = f.letter_on_case_x(world)
    worker = api(world.users["link_worker"])
    (listed,) = worker.get(f"/cases/{world.case_x.pk}/documents").json()
    assert listed["title"] == "PIP decision letter"
    assert listed["kind"] == {"code": "benefits_letter", "label": "Benefits letter"}
    assert listed["content_type"] == "application/pdf"
    assert listed["sha256"] == document.sha256
    downloaded = worker.client.get(listed["file_url"], headers=worker.headers)
    assert downloaded.status_code == 200
    assert downloaded.content == f.PDF
    assert downloaded["Content-Disposition"].startswith("attachment;")
    worker.get(f"/documents/{document.pk}/file")  # noted as exercised
    missing = worker.get("/documents/999999/file")
    assert missing.json() == {"detail": "No such letter or form, or you may not see it"}


def test_no_address_serves_the_kept_files():
    """No MEDIA_URL, and the directory is neither the static files nor under them."""
    from linkwork.config import settings as production

    assert not production.__dict__.get("MEDIA_URL")
    assert production.DOCUMENTS_DIR == production.DATA_DIR / "documents"
    assert not production.DOCUMENTS_DIR.is_relative_to(production.STATIC_ROOT)
    assert production.DATA_UPLOAD_MAX_NUMBER_FILES == 1


def test_a_letter_removed_under_retention_is_gone_and_says_when(
    world, worker, api, documents_dir, django_capture_on_commit_callbacks
):
    document = f.letter_on_case_x(world)
    other = f.letter_on_case_x(world, title="Housing form")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        removing = remove_under_retention([document], on=date(2033, 4, 1))
        assert kept(documents_dir)[0].exists()  # nothing leaves the disk before the commit
    assert removing == [document.stored_name]
    assert [p.name for p in kept(documents_dir)] == [other.stored_name]
    document.refresh_from_db()
    assert document.removed_on == date(2033, 4, 1)
    said = "This letter was removed under the retention policy on 01/04/2033"
    page = worker.get(reverse("documents:download", args=[document.pk]))
    assert page.status_code == 410
    assert said in page_of(page)
    by_api = api(world.users["link_worker"])
    gone = by_api.get(f"/documents/{document.pk}/file")
    assert (gone.status_code, gone.json()) == (410, {"detail": said})
    listed = by_api.get(f"/cases/{world.case_x.pk}/documents").json()
    assert [d["removed_on"] for d in listed] == [None, "2033-04-01"]
    case_page = page_of(worker.get(reverse("casework:case_detail", args=[world.case_x.pk])))
    assert "removed under the retention policy on 1 Apr 2033" in case_page
    assert reverse("documents:download", args=[document.pk]) not in case_page
    assert reverse("documents:download", args=[other.pk]) in case_page


def test_a_rolled_back_upload_leaves_a_file_the_sweep_removes(world, documents_dir):
    kept_letter = f.letter_on_case_x(world)

    def attach_then_fail():
        with transaction.atomic():
            f.letter_on_case_x(world, title="Rolled back")
            raise RuntimeError("a later step of the same request failed")

    with pytest.raises(RuntimeError):
        attach_then_fail()
    assert CaseDocument.objects.get().pk == kept_letter.pk
    (orphan,) = [p for p in kept(documents_dir) if p.name != kept_letter.stored_name]

    out = StringIO()
    call_command("documents", "--sweep", stdout=out)
    assert "Removed 0 orphan files" in out.getvalue()  # too young: its upload may be mid-way
    assert orphan.exists()

    hours_ago = time.time() - 2 * 3600
    for path in kept(documents_dir):
        os.utime(path, (hours_ago, hours_ago))
    call_command("documents", "--orphans", stdout=out)
    assert orphan.exists()
    call_command("documents", "--sweep", stdout=out)
    assert "Removed 1 orphan files" in out.getvalue()
    assert [p.name for p in kept(documents_dir)] == [kept_letter.stored_name]
