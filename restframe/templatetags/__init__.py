"""Template tag libraries: ``{% load restframe %}`` (and ``{% load rest_framework %}``)."""
