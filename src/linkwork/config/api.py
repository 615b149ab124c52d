"""The HTTP API: one NinjaAPI, a router per app. OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

from linkwork.accounts.api import router as accounts_router
from linkwork.accounts.api_auth import ApiTokenAuth
from linkwork.accounts.two_factor import VerifiedSessionAuth
from linkwork.casework.api import router as casework_router
from linkwork.directory.api import links_router as directory_links_router
from linkwork.directory.api import router as directory_router
from linkwork.outcomes.api import router as outcomes_router
from linkwork.referrals.api import router as referrals_router

api = NinjaAPI(
    title="linkwork API",
    version="1",
    description="Referrals, casework, directory and outcomes for Community Link Worker services.",
    auth=[ApiTokenAuth(), VerifiedSessionAuth()],  # a session once both sign-in steps are done
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
api.add_router("/directory", directory_router)
api.add_router("/", directory_links_router)  # /links, /cases/{id}/links
