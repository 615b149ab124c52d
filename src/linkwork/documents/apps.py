from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "linkwork.documents"
    label = "documents"
    verbose_name = "Letters and forms on a case"
