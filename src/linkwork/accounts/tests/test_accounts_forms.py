"""The accounts forms name the field and the fix in every error, as casework's do."""

import pytest

from linkwork.accounts.forms import ApiTokenForm
from linkwork.accounts.people.forms import InviteForm, PeopleSearchForm, RoleForm
from linkwork.casework.tests.test_form_messages import _codes, _django_default

FORMS = {
    ApiTokenForm: dict,
    PeopleSearchForm: dict,
    RoleForm: lambda world: {"by": world.users["administrator"]},
    InviteForm: lambda world: {"by": world.users["administrator"]},
}


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_no_django_default_message_leaks_through(world, form_class):
    kwargs = FORMS[form_class]
    form = form_class(**(kwargs(world) if kwargs is not dict else {}))
    leaks = []
    for name, field in form.fields.items():
        for code in _codes(field):
            message = str(field.error_messages.get(code, ""))
            validator_default = next(
                (str(v.message) for v in field.validators if getattr(v, "code", "") == code), None
            )
            if not message or message in (_django_default(field, code), validator_default):
                leaks.append(f"{name}: {code}")
    assert not leaks, f"{form_class.__name__} gives Django's own message for {leaks}"
