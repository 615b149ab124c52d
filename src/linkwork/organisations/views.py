"""An administrator loads practice population profiles from a CSV file: the same checks
and replacing as `linkwork import-practice-population`, for the practices of their HSCP."""

import tempfile
from pathlib import Path

from django import forms
from django.db.models import Max, Sum
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from linkwork.accounts.authorisation import require, visible
from linkwork.accounts.roles import Permission
from linkwork.core.forms import NHSForm
from linkwork.core.jinja2_env import uk_date
from linkwork.organisations.models import Practice, PracticePopulation
from linkwork.organisations.population import COLUMNS, UnreadableFile, load_population

LARGEST_MB = 20


class PopulationFileForm(NHSForm):
    file = forms.FileField(
        label="Practice population file (CSV or XLSX)",
        help_text=f"Saved as CSV UTF-8 or an Excel workbook (its first sheet), with the columns "
        f"{', '.join(COLUMNS)}",
        error_messages={
            "required": "Choose the CSV file to load",
            "empty": "The file chosen is empty: choose the CSV file with the rows",
            "invalid": "Choose the CSV file to load",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > LARGEST_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is larger than {LARGEST_MB} MB: split it into files of fewer practices"
            )
        return upload


@require_http_methods(["GET", "POST"])
def practice_population(request):
    require(request.user, Permission.MANAGE_ORGANISATIONS)
    practices = visible(request.user, Permission.MANAGE_ORGANISATIONS, Practice.objects.all())
    posted = request.method == "POST"
    form = PopulationFileForm(request.POST, request.FILES) if posted else PopulationFileForm()
    report = None
    if posted and form.is_valid():
        report = _load(form, practices, request)
    context = {
        "page_title": "Practice populations",
        "form": form,
        "report": report if report is not None and not report.problems else None,
        "problems": _problem_rows(report),
        "loaded": _loaded(practices),
        "columns": COLUMNS,
    }
    return render(
        request,
        "organisations/practice_population.jinja",
        context,
        status=400 if form.errors else 200,
    )


def _load(form, practices, request):
    """The upload through the same checks as the command, from a temporary copy."""
    upload = form.cleaned_data["file"]
    with tempfile.NamedTemporaryFile(suffix=".csv") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        try:
            report = load_population(
                Path(copy.name),
                practices=practices,
                by=request.user,
                request=request,
                name=upload.name,
            )
        except UnreadableFile as error:
            form.add_error("file", f"The file cannot be loaded: {error}")
            return None
        except UnicodeDecodeError:
            form.add_error("file", "The file is not CSV UTF-8: save it as CSV UTF-8 and load it")
            return None
    if report.problems:
        form.add_error(
            "file",
            f"{report.bad} of {report.read} rows have a problem, listed below, so nothing was "
            "loaded: correct them and load the file again",
        )
    return report


def _problem_rows(report) -> list[list[dict]]:
    problems = report.problems if report is not None else []
    return [[{"text": str(p.line)}, {"text": p.column}, {"text": p.message}] for p in problems]


def _loaded(practices) -> list[list[dict]]:
    """Each profile loaded for these practices: practice, date, patients, when loaded."""
    profiles = (
        PracticePopulation.objects.filter(practice__in=practices)
        .values("practice__code", "practice__name", "as_at")
        .annotate(patients=Sum("patients"), loaded=Max("loaded_at"))
        .order_by("practice__name", "-as_at")
    )
    return [
        [
            {"text": f"{row['practice__name']} ({row['practice__code']})"},
            {"text": uk_date(row["as_at"])},
            {"text": f"{row['patients']:,}", "format": "numeric"},
            {"text": uk_date(row["loaded"])},
        ]
        for row in profiles
    ]
