from django.apps import AppConfig


class ApiConfig(AppConfig):
    """An app only for its templates and static files (the API documentation page): no models."""

    name = "negotiation.api"
    label = "negotiation_api"
    verbose_name = "REST API"
