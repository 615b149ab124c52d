from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class LinkworkBackend(ModelBackend):
    """Django's password check, refusing demo accounts outside debug or demo mode."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not (settings.DEBUG or settings.DEMO_MODE):
            return False
        return super().user_can_authenticate(user)
