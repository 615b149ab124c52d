"""The Jinja2 environment the pages use: core's, plus who may do what (so a template can
offer only the actions its reader is allowed)."""

from jinja2 import Environment

from linkwork.accounts.authorisation import has_permission
from linkwork.accounts.roles import Permission
from linkwork.core.jinja2_env import environment as core_environment


def environment(**options) -> Environment:
    env = core_environment(**options)
    env.globals.update(has_permission=has_permission, Permission=Permission)
    return env
