"""The accounts forms name the field and the fix in every error, as casework's do."""

import pytest

from linkwork.accounts.forms import ApiTokenForm
from linkwork.accounts.people.forms import InviteForm, PeopleSearchForm, RoleForm
from linkwork.casework.tests.test_form_messages import leaks

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
    leaked = leaks(form)
    assert not leaked, f"{form_class.__name__} gives Django's own message for {leaked}"
