"""The HTTP API: one NinjaAPI, a router per app. OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI
from ninja.security import django_auth

from linkwork.accounts.api import router as accounts_router
from linkwork.accounts.api_auth import ApiTokenAuth
from linkwork.casework.api import router as casework_router
from linkwork.outcomes.api import router as outcomes_router
from linkwork.referrals.api import router as referrals_router

api = NinjaAPI(
    title="linkwork API",
    version="1",
    description="Referrals, casework, directory and outcomes for Community Link Worker services.",
    auth=[ApiTokenAuth(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", accounts_router)
api.add_router("/cases", casework_router)
api.add_router("/", "linkwork.casework.api.records_router")  # /sessions, /goals, /actions
api.add_router("/referrals", referrals_router)
api.add_router("/", "linkwork.referrals.diary_api.router")  # intake status, open diary
api.add_router("/instruments", outcomes_router)
api.add_router("/", "linkwork.outcomes.case_api.router")  # responses, ratings, stories
