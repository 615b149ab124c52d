import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings")
application = get_wsgi_application()


def _freeze_what_lasts(**kwargs) -> None:
    """What a worker holds once it has answered a request (modules, models, URL patterns,
    compiled templates: ~250,000 objects) lasts as long as the worker. Frozen, the garbage
    collector's full passes skip it: each walked all of it, a ~100 ms pause every few
    hundred requests (decision 0124). Once, after the first request."""
    request_finished.disconnect(_freeze_what_lasts)
    gc.freeze()


request_finished.connect(_freeze_what_lasts)
