"""`linkwork directory import FILE`: tell the format apart, then import it."""

from pathlib import Path

from django.utils import timezone

from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.directory.importing import aliss, oruk
from linkwork.directory.importing.common import read_json, source_for
from linkwork.directory.importing.report import ImportFileError, ImportReport


def import_file(
    path: Path, *, source_key: str = "", source_name: str = "", by=None, hscp=None
) -> ImportReport:
    """`hscp`: the HSCP whose directory the file's organisations join (those without one)."""
    document = read_json(path)
    if aliss.looks_like_aliss(document):
        source = source_for(
            source_key or "aliss",
            source_name or "ALISS",
            "aliss",
            licence=aliss.ALISS_LICENCE,
            attribution=aliss.ALISS_ATTRIBUTION,
        )
        report = ImportReport(source=source.name, format="ALISS")
        aliss.import_aliss(document, source=source, report=report, by=by, hscp=hscp)
    elif oruk.services_in(document):
        # The feed, never the file's name: the same records from a renamed file update.
        key = source_key or "oruk"
        source = source_for(key, source_name or "Open Referral UK", "oruk")
        report = ImportReport(source=source.name, format="Open Referral UK / HSDS 3.0")
        oruk.import_oruk(document, source=source, report=report, by=by, hscp=hscp)
    else:
        raise ImportFileError(
            f"{path} is neither a list of ORUK services, an ORUK page object with `contents`, "
            "nor an ALISS export with `data`."
        )
    source.last_imported_at = timezone.now()
    source.save(update_fields=["last_imported_at"])
    record(
        action=Action.CHANGE,
        actor=by,
        actor_username="" if by else "directory import",
        obj=source,
        hscp_id=getattr(hscp, "pk", None),
        detail={
            "import": report.format,
            **{
                fate: report.count(fate) for fate in ("created", "updated", "unchanged", "rejected")
            },
        },
    )
    return report
