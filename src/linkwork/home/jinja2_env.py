"""The Jinja2 environment the pages use: core's, plus who may do what (so a template can
offer only the actions its reader is allowed)."""

from jinja2 import Environment

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.activity.presenters import as_hours
from linkwork.core.jinja2_env import environment as core_environment


def environment(**options) -> Environment:
    env = core_environment(**options)
    env.globals.update(has_permission=has_permission, Permission=Permission)
    env.filters["hours"] = as_hours  # minutes as "1 h 30 min" (activity, decision 0092)
    return env
