"""A permission that always refuses, so the demo can show a plain 403."""

from restframe.permissions import BasePermission


class ArchiveIsLocked(BasePermission):
    message = "The archive is locked for maintenance."

    def has_permission(self, request, view):
        return False
