"""The minimum core dataset as a download, for national analysts: what `linkwork
export-mcd` writes, for a chosen period, audited the same way."""

import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwork.accounts.authorisation import exports_minimum_core_dataset
from linkwork.reporting import mcd
from linkwork.reporting.dashboards.forms import PeriodForm


class DatasetForm(PeriodForm):
    format = forms.ChoiceField(
        label="File type",
        choices=[("csv", "CSV (UTF-8, a header row)"), ("xlsx", "Excel workbook (XLSX)")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a file type: CSV or Excel workbook",
            "invalid_choice": "Choose a file type: CSV or Excel workbook",
        },
    )


@require_GET
def minimum_core_dataset(request):
    if not exports_minimum_core_dataset(request.user):
        raise PermissionDenied
    form = DatasetForm(request.GET or None, today=timezone.localdate())
    if form.is_bound and form.is_valid():
        return _download(request, form.period(), form.cleaned_data["format"])
    columns = [[{"text": name}, {"text": meaning}] for name, meaning in mcd.COLUMNS]
    context = {"page_title": "Minimum core dataset", "form": form, "columns": columns}
    return render(request, "reporting/minimum_core_dataset.jinja", context)


def _download(request, period, fmt: str) -> FileResponse:
    """Written to a temporary file (an XLSX cannot be streamed), sent, then removed."""
    handle = tempfile.NamedTemporaryFile(suffix=f".{fmt}")  # noqa: SIM115 (closed by the response)
    written = mcd.write(Path(handle.name), fmt, mcd.rows(period))
    mcd.audit_export(period, written, request=request)
    name = f"minimum-core-dataset-{period.start.isoformat()}-to-{period.end.isoformat()}.{fmt}"
    return FileResponse(open(handle.name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115
