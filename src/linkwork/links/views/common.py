"""What the links pages share: a page rendered from `links/<template>.jinja`."""

from django.shortcuts import render


def page(request, template: str, title: str, status: int = 200, **context):
    return render(
        request, f"links/{template}.jinja", {"page_title": title, **context}, status=status
    )
