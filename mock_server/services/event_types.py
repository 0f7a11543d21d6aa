"""`GET /v2/event-types` and `GET /v2/event-types/{eventTypeId}` (EventTypesService_2024_06_14).

Both read personal event types only: team event types have their own routes in the real API
(`/v2/teams/{teamId}/event-types`), which this mock does not serve.
"""

from __future__ import annotations

from mock_server.domain.exceptions import EventTypesNotFound, UserEventTypeNotFound
from mock_server.domain.model import EventType, User
from mock_server.state.store import BookingStore

__all__ = ["EventTypeService"]


class EventTypeService:
    def __init__(self, store: BookingStore) -> None:
        self.store = store

    def find(
        self,
        caller: User,
        *,
        username: str | None = None,
        event_slug: str | None = None,
        org_slug: str | None = None,
        org_id: int | None = None,
    ) -> list[EventType]:
        """`getEventTypes`: a user's event types (one, with `eventSlug`), else the caller's own; none is a 404."""
        if username is None:
            found = self.store.event_types_of_user(caller.id)
        else:
            found = self._of_username(username, event_slug, org_slug, org_id)
        if not found:
            raise EventTypesNotFound()
        return found

    def _of_username(
        self, username: str, event_slug: str | None, org_slug: str | None, org_id: int | None
    ) -> list[EventType]:
        if org_slug is not None:
            organization = self.store.organization_by_slug(org_slug)
            if organization is None or org_id not in (None, organization.id):
                return []
            org_id = organization.id
        user = self.store.user_by_username(username, org_id=org_id)
        if user is None:
            return []
        if event_slug is None:
            return self.store.event_types_of_user(user.id)
        event_type = self.store.event_type_of_user(user.id, event_slug)
        return [event_type] if event_type is not None else []

    def get(self, caller: User, event_type_id: int) -> EventType:
        """`getUserEventType`: only the caller's own event type; anything else is a 404."""
        event_type = self.store.event_type(event_type_id)
        if event_type is None or event_type.team_id is not None or event_type.owner_id != caller.id:
            raise UserEventTypeNotFound(event_type_id)
        return event_type
