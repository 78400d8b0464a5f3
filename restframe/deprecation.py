"""Warnings for DRF behaviours that restframe keeps for now and DRF has scheduled for removal.

Named after the DRF release that removes the behaviour, as DRF names them, so a project's
``filterwarnings`` entries keep matching after the switch. A removal two releases away starts
as a *pending* deprecation (silent by default); the next release's is a ``DeprecationWarning``.
"""

__all__ = [
    "RemovedAfterNextDRFVersionWarning",
    "RemovedInDRF319Warning",
    "RemovedInDRF320Warning",
    "RemovedInNextDRFVersionWarning",
]


class RemovedInDRF319Warning(DeprecationWarning):
    pass


class RemovedInDRF320Warning(PendingDeprecationWarning):
    pass


# Names that follow the release cycle, for filters written once.
RemovedInNextDRFVersionWarning = RemovedInDRF319Warning
RemovedAfterNextDRFVersionWarning = RemovedInDRF320Warning
