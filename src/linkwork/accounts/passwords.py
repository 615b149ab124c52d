"""Password rules after the NCSC's guidance: length, no common or easily guessed
passwords, no composition rules and no forced expiry (see docs/decisions/0006).

Django's own checks, with messages that name the field and say what to do instead.
Every message starts "Your new password" because every form that sets a password
calls it that (change password, choosing one from an invitation or a reset link)."""

import re

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError

HOW_TO_CHOOSE = "three or more random words together make a strong password you can remember"


class LengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Your new password must be {self.min_length} characters or more: {HOW_TO_CHOOSE}"

    def get_help_text(self) -> str:
        return f"Use {self.min_length} characters or more. For example, {HOW_TO_CHOOSE}."


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    """Django's shipped list of 20,000 common passwords."""

    def get_error_message(self) -> str:
        return f"Your new password is one that many people use: choose another; {HOW_TO_CHOOSE}"

    def get_help_text(self) -> str:
        return "Do not use a password that many people use."


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return (
            "Your new password is too like your %(verbose_name)s: "
            "choose one that has nothing to do with you"
        )

    def get_help_text(self) -> str:
        return "Do not base it on your name, username or email address."


# Words anyone would try first against this service. A password made of these, digits
# and symbols (fewer than MIN_OTHER_LETTERS other letters) is refused however long it is
# ("Linkwork-Glasgow-2026!"); one with none of them is not this rule's business.
SERVICE_WORDS = (
    "linkwork",
    "linkworker",
    "socialprescribing",
    "glasgow",
    "inverclyde",
    "scotland",
    "nhs",
    "hscp",
    "password",
    "welcome",
    "letmein",
    "qwerty",
)
# Letters people swap in for others ("p@ssw0rd").
LOOKALIKES = str.maketrans("@4013!$57", "aaoieisst")
MIN_OTHER_LETTERS = 5


class ServiceWordsValidator:
    def __init__(self, words=SERVICE_WORDS):
        self.words = sorted({word.lower() for word in words}, key=len, reverse=True)

    def validate(self, password: str, user=None) -> None:
        if _made_of(password, self.words):
            raise ValidationError(
                "Your new password is made of words that are easy to guess here, such as "
                f"the service's or the city's name: {HOW_TO_CHOOSE}",
                code="password_service_words",
            )

    def get_help_text(self) -> str:
        return "Do not build it from the service's name, the city or the word password."


def _made_of(password: str, words) -> bool:
    """Does the password hold one of `words` (lookalike characters read as the letters
    they stand for) and fewer than MIN_OTHER_LETTERS letters besides?"""
    text = password.lower()
    readable = text.translate(LOOKALIKES)
    other = [character.isalpha() for character in text]
    found = False
    for word in words:
        for match in re.finditer(re.escape(word), readable):
            other[match.start() : match.end()] = [False] * len(word)
            found = True
    return found and sum(other) < MIN_OTHER_LETTERS


def hint() -> str:
    """The rules in a sentence or two, for the hint under a new password box."""
    lengths = [
        validator.min_length
        for validator in django_rules.get_default_password_validators()
        if isinstance(validator, LengthValidator)
    ]
    length = f"Use {max(lengths)} characters or more. " if lengths else ""
    return (
        f"{length}For example, {HOW_TO_CHOOSE}. Do not use your name, the service's name "
        "or a password many people use."
    )
