"""Read by gunicorn when started in this folder (``gunicorn app:server``): the app's settings."""

from dashboard.serving import *  # noqa: F403
