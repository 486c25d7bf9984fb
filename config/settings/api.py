"""The REST API (issue 14): Django REST framework under /api/v1/, its OpenAPI 3 schema by
drf-spectacular, Swagger UI served from this site's own static files (drf-spectacular-sidecar).

Imported at the end of base.py, which adds ``API_APPS`` to ``INSTALLED_APPS``.
Authentication: a token per user (``Authorization: Token <key>``; created and revoked by the
secretariat in the admin, "Auth Token" > "Tokens", or ``manage.py drf_create_token NAME``) or
the browser's session (with its CSRF token for writes). Anonymous requests get 401.
"""

API_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "negotiation.api",
]

REST_FRAMEWORK = {
    # Token first: an anonymous request is answered 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable documentation is Swagger UI at /api/v1/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "negotiation.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # ApplicationError -> 400 {"detail": ..., "field": ...}; every error has that shape.
    "EXCEPTION_HANDLER": "negotiation.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Negotiation tracker API",
    "DESCRIPTION": (
        "Drafts of UN resolutions, their versions paragraph by paragraph, redlines, sponsors, "
        "actions with votes and statements, and the negotiation (proposals, paragraph status). "
        "Authenticate with `Authorization: Token <key>` (a token per user, issued and revoked by "
        "the secretariat in the admin) or a logged-in session (with the CSRF token for writes). "
        "Errors are `{\"detail\": message, \"field\": name or null}`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Like every page of the site: the schema and the docs for logged-in users (or tokens) only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "DraftStatusEnum": "negotiation.models.Draft.Status",
        "VersionKindEnum": "negotiation.models.Version.Kind",
        "ParagraphKindEnum": "negotiation.models.Paragraph.Kind",
        "ProposalKindEnum": "negotiation.models.Proposal.Kind",
        "ProposalStatusEnum": "negotiation.models.Proposal.Status",
        "ParagraphStatusEnum": "negotiation.models.ParagraphStatus.Status",
        "VoteKindEnum": "negotiation.models.Vote.Kind",
        "StatementKindEnum": "negotiation.models.Statement.Kind",
        "SponsorshipRoleEnum": "negotiation.models.Sponsorship.Role",
        "DraftKindEnum": "negotiation.models.Draft.Kind",
    },
}
