from ninja import Router, Schema

from linkwork.accounts.authorisation import role_assignments

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    organisation: str | None


class MeOut(Schema):
    username: str
    name: str
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="The signed-in user and their roles")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "roles": [
            {"role": a.role, "organisation": str(a.scope) if a.scope else None}
            for a in role_assignments(user)
        ],
    }
