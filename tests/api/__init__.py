"""Tests of the REST API (issue 14). ``token_client`` here; the fixtures in conftest.py."""


def token_client(user=None):
    """A DRF client; with ``user``, authenticated by that user's token (as an outside system)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
