"""Who am I, and whom can alerts go to."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from cdnet.network.services import organisation_of, role_of
from cdnet.web.api_routes.schemas import MeOut

router = Router(tags=["network"])


@router.get("/me", response=MeOut, summary="The user the token belongs to")
def me(request: HttpRequest) -> MeOut:
    org = organisation_of(request.user)
    return MeOut(
        username=request.user.get_username(),
        role=role_of(request.user),
        organisation=org.name if org else None,
    )
