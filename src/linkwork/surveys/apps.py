"""Surveys of the people around the service: practice staff and link workers answer a
short survey by a single-use link that needs no account (decision 0100)."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "linkwork.surveys"
    label = "surveys"
