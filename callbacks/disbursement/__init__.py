"""The disbursement page (``/disbursement``): the S-curves, the splits and provinces by pace."""

from callbacks.disbursement.page import register

__all__ = ["register"]
