from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from linkwork.core.statements import statement


@statement
def _user(user_id):
    return get_user_model()._default_manager.filter(pk=user_id)


class LinkworkBackend(ModelBackend):
    """Django's password check, refusing demo accounts outside debug or demo mode."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not (settings.DEBUG or settings.DEMO_MODE):
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id):
        """The signed-in user of each request, by a statement (decision 0152): as Django's,
        None if gone or no longer allowed to sign in."""
        try:
            found = _user(int(user_id))
        except (TypeError, ValueError):  # a session holding a malformed id: signed out
            return None
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
