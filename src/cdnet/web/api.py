"""The HTTP API (django-ninja) under /api/, token auth, OpenAPI docs at /api/docs."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer

from cdnet.errors import CdnetError
from cdnet.network.services import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; tokens come from `cdnet token create USER`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="cdnet API",
    version="1",
    description="Every step of cdnet's flow: ingest, detect, findings, alerts, review, "
    "dispatch, outcomes, dashboard. Authenticate with `Authorization: Bearer <token>`.",
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(CdnetError)
def _cdnet_error(request: HttpRequest, exc: CdnetError) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc), "error": type(exc).__name__}, status=exc.http_status
    )


def _register() -> None:
    from cdnet.web.api_routes import (
        alerts,
        audit,
        cases,
        data,
        datasets,
        dispatch,
        evidence,
        impact,
        network,
        recheck,
        recipients,
        reference,
        reports_annual,
        reports_figures,
        review,
        search,
    )

    api.add_router("/", network.router)
    api.add_router("/", data.router)
    api.add_router("/", datasets.router)
    api.add_router("/", alerts.router)
    api.add_router("/", cases.router)
    api.add_router("/", reference.router)
    api.add_router("/", evidence.router)
    api.add_router("/", search.router)
    api.add_router("/", audit.router)
    api.add_router("/", dispatch.router)
    api.add_router("/", recipients.router)
    api.add_router("/", review.router)
    api.add_router("/", recheck.router)
    api.add_router("/", impact.router)
    api.add_router("/", reports_annual.router)
    api.add_router("/", reports_figures.router)


_register()
