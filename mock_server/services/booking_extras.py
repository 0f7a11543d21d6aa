"""The 2024-08-13 booking sub-resources beyond the booking itself: reassigning its host, its
references (calendar events, video rooms), its "add to calendar" links and its Cal Video recordings
and transcripts.

Sources (calcom/cal.com, apps/api/v2/src/ee/bookings/2024-08-13/): `services/bookings.service.ts`
(`reassignBooking`, `reassignBookingToUser`, `getCalendarLinks`), `services/booking-references.service.ts`,
`services/cal-video.service.ts`, `guards/booking-pbac.guard.ts`; the reassignment itself is in
`domain/reassignment`. What the real server fetches from outside (Daily.co) comes from the store's
seeded rooms here; docs/real-server/booking-extras.md says how.
"""

from __future__ import annotations

from mock_server.domain import reassignment
from mock_server.domain.calendar_links import CalendarLink, calendar_links
from mock_server.domain.clock import Clock
from mock_server.domain.exceptions import (
    BookingNotFound,
    BookingPbacForbidden,
    BookingUidNotFound,
    NoCalVideoReference,
    ReassignForbidden,
    ReassignUserNotFound,
    ReferencesNotOwned,
)
from mock_server.domain.model import Booking, BookingReference, CalVideoRecording, User
from mock_server.domain.rules import has_booking_access, is_event_type_admin_or_owner
from mock_server.services.scheduling import CAL_VIDEO_URL, Scheduler, host_is_free, last_booked_at
from mock_server.state.store import BookingStore

__all__ = ["BookingExtrasService", "references_of"]

CAL_VIDEO = "daily_video"


def video_call_url(booking: Booking) -> str | None:
    """`metadata.videoCallUrl`: where the real server keeps a video meeting's link. The mock stores a Cal
    Video booking's link as its location, so that counts too; a plain link or address does not."""
    url = booking.metadata.get("videoCallUrl")
    if isinstance(url, str) and url:
        return url
    return booking.location if booking.location.startswith(CAL_VIDEO_URL.format(uid="")) else None


def references_of(store: BookingStore, booking: Booking, reference_type: str | None) -> list[BookingReference]:
    """`BookingReferencesRepository.getBookingReferences`: the booking's references, of one type if given."""
    return [r for r in store.references_of(booking.uid) if reference_type is None or r.type == reference_type]


class BookingExtrasService:
    def __init__(self, store: BookingStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.scheduler = Scheduler(store, clock)

    # ------------------------------------------------------------------------------------ reassign

    def reassign(self, uid: str, caller: User) -> Booking:
        """`reassignBooking`: to the least recently booked free round-robin host not in the booking."""
        booking = self._reassignable(uid, caller)
        event_type = self.store.context(booking).event_type
        store = self.store
        outcome = reassignment.automatic(
            booking,
            event_type,
            user=self._user,
            is_free=lambda user_id: host_is_free(store, user_id, [(booking.start, booking.end)], {booking.uid}),
            last_booked=lambda user_id: last_booked_at(store, event_type.id, self._user(user_id)),
            team_name=self._team_name(booking),
        )
        return store.save(outcome.apply(booking, self.clock.now()))

    def reassign_to(self, uid: str, user_id: int, caller: User) -> Booking:
        """`reassignBookingToUser`: to a named round-robin host, whether free or not (the reason is
        recorded by the real server for its emails and audit log, which the mock does not model)."""
        booking = self._reassignable(uid, caller)
        new = self.store.user(user_id)
        if new is None:
            raise ReassignUserNotFound(user_id)
        event_type = self.store.context(booking).event_type
        outcome = reassignment.manual(booking, event_type, new, user=self._user, team_name=self._team_name(booking))
        return self.store.save(outcome.apply(booking, self.clock.now()))

    def _reassignable(self, uid: str, caller: User) -> Booking:
        booking = self.store.booking(uid)
        if booking is None:
            raise BookingNotFound(uid)
        event_type = self.store.context(booking).event_type
        if not is_event_type_admin_or_owner(caller, event_type, self.scheduler.org_of(event_type)):
            raise ReassignForbidden()
        return booking

    def _team_name(self, booking: Booking) -> str | None:
        team = self.store.context(booking).team
        return team.name if team is not None else None

    def _user(self, user_id: int) -> User:
        user = self.store.user(user_id)
        assert user is not None, f"unknown user {user_id}"
        return user

    # ---------------------------------------------------------------------------------- references

    def references(self, uid: str, caller: User, reference_type: str | None) -> list[BookingReference]:
        """`getBookingReferences`: only the booking's organizer may read them (400 otherwise)."""
        booking = self.store.booking(uid)
        if booking is None:
            raise BookingUidNotFound(uid)
        if booking.organizer_id != caller.id:
            raise ReferencesNotOwned(uid)
        return references_of(self.store, booking, reference_type)

    # ------------------------------------------------------------------------------ calendar links

    def calendar_links(self, uid: str) -> list[CalendarLink]:
        """`getCalendarLinks`: any authenticated caller; the event name's host is the team's name, else
        the event type owner's, as the real one takes `eventType.team?.name || eventType.users[0]?.name`."""
        booking = self.store.booking(uid)
        if booking is None:
            raise BookingUidNotFound(uid)
        context = self.store.context(booking)
        owner = self.store.user(context.event_type.owner_id) if context.event_type.owner_id is not None else None
        host = context.team.name if context.team is not None else (owner.name if owner else "Nameless")
        return calendar_links(
            booking,
            context.event_type,
            host=host,
            attendee=reassignment.attendee_name(booking),
            video_call_url=video_call_url(booking),
        )

    # ----------------------------------------------------------------------------------- Cal Video

    def recordings(self, uid: str, caller: User) -> list[CalVideoRecording]:
        """`CalVideoService.getRecordings` behind `BookingPbacGuard`: the recordings of the booking's
        last Cal Video room, as Daily.co lists them (the store holds what Daily.co would answer)."""
        return self.store.recordings_of_room(self._cal_video_room(uid, caller))

    def transcripts(self, uid: str, caller: User) -> list[str]:
        """`CalVideoService.getTranscripts`: the access links of the room's transcripts."""
        return [t.link for t in self.store.transcripts_of_room(self._cal_video_room(uid, caller))]

    def _cal_video_room(self, uid: str, caller: User) -> str:
        booking = self.store.booking(uid)
        if booking is None or not has_booking_access(
            caller, self.store.context(booking), self._user(booking.organizer_id)
        ):
            raise BookingPbacForbidden(caller.id, uid)
        rooms = [r.meeting_id for r in references_of(self.store, booking, CAL_VIDEO) if r.meeting_id]
        if not rooms:
            raise NoCalVideoReference(uid)
        return rooms[-1]
