"""`BookingStore`: the only code that mutates the mock's state.

Reference data (organizations, teams, users, API keys, event types) and bookings with their
reports live here, with explicit indexes kept correct on every save so that listing by attendee
email, user, event type, series or seat never scans every booking.
"""

from __future__ import annotations

import bisect
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime, timedelta
from typing import Any

from mock_server.domain.exceptions import InvalidRequest
from mock_server.domain.model import (
    AccessToken,
    ApiKey,
    Attendee,
    Booking,
    BookingContext,
    BookingReference,
    BookingReport,
    CalVideoRecording,
    CalVideoTranscript,
    EventType,
    OAuthClient,
    Organization,
    RefreshToken,
    SlotReservation,
    Team,
    User,
)
from mock_server.state import heap
from mock_server.state.snapshot import SECTIONS, decode_json_state, decode_sections, encode, parse_json

__all__ = ["STATE_VERSION", "BookingStore"]

STATE_VERSION = 1
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_EMPTY: frozenset[str] = frozenset()


class BookingStore:
    """In-memory state with indexes; `reset()` returns to the state marked by `mark_baseline()`."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng if rng is not None else random.Random()
        self._baseline: tuple[dict[str, Any], object] | None = None
        self._revision = 0
        self._clear()

    @property
    def revision(self) -> int:
        """A number that changes whenever a booking or report is saved or the state is replaced."""
        return self._revision

    def __repr__(self) -> str:
        return f"BookingStore(bookings={len(self._bookings)}, users={len(self._users)})"

    def _clear(self) -> None:
        self._organizations: dict[int, Organization] = {}
        self._teams: dict[int, Team] = {}
        self._users: dict[int, User] = {}
        self._api_keys: dict[str, ApiKey] = {}
        self._oauth_clients: dict[str, OAuthClient] = {}
        self._access_tokens: dict[str, AccessToken] = {}
        self._refresh_tokens: dict[str, RefreshToken] = {}
        self._event_types: dict[int, EventType] = {}
        self._bookings: dict[str, Booking] = {}
        self._uid_by_id: dict[int, str] = {}
        self._series: defaultdict[str, set[str]] = defaultdict(set)
        self._by_email: defaultdict[str, set[str]] = defaultdict(set)
        self._by_user: defaultdict[int, set[str]] = defaultdict(set)
        self._by_event_type: defaultdict[int, set[str]] = defaultdict(set)
        self._by_slot: defaultdict[tuple[int, datetime], set[str]] = defaultdict(set)
        # Per user, (start, uid) in start order, and the longest booking: overlap checks bisect
        # instead of scanning every booking of a busy host.
        self._timeline: defaultdict[int, list[tuple[datetime, str]]] = defaultdict(list)
        self._longest = timedelta(0)
        self._by_seat: dict[str, str] = {}
        self._reports: dict[int, BookingReport] = {}
        self._report_by_booking: dict[str, int] = {}
        self._references: dict[int, BookingReference] = {}
        self._references_by_booking: defaultdict[str, list[int]] = defaultdict(list)
        self._recordings: dict[str, CalVideoRecording] = {}
        self._transcripts: dict[str, CalVideoTranscript] = {}
        self._reservations: list[SlotReservation] = []
        self._next_booking_id = 1
        self._next_attendee_id = 1
        self._next_report_id = 1

    # ------------------------------------------------------------------------------ reference data

    def add_organization(self, organization: Organization) -> None:
        self._organizations[organization.id] = organization

    def add_team(self, team: Team) -> None:
        self._teams[team.id] = team

    def add_user(self, user: User) -> None:
        self._users[user.id] = user

    def add_api_key(self, api_key: ApiKey) -> None:
        self._api_keys[api_key.key] = api_key

    def add_event_type(self, event_type: EventType) -> None:
        self._event_types[event_type.id] = event_type

    def add_oauth_client(self, client: OAuthClient) -> None:
        self._oauth_clients[client.id] = client

    def add_access_token(self, token: AccessToken) -> None:
        self._access_tokens[token.token] = token

    def add_refresh_token(self, token: RefreshToken) -> None:
        self._refresh_tokens[token.token] = token

    def refresh_token(self, token: str) -> RefreshToken | None:
        return self._refresh_tokens.get(token)

    def rotate_tokens(self, used: RefreshToken, access: AccessToken, refresh: RefreshToken) -> None:
        """A refresh: the used refresh token stops working, the new pair starts."""
        self._refresh_tokens.pop(used.token, None)
        self.add_access_token(access)
        self.add_refresh_token(refresh)
        self._revision += 1

    def update_user(self, user: User) -> None:
        """A user's profile changed (`PATCH /v2/me`)."""
        if user.id not in self._users:
            raise KeyError(user.id)
        self._users[user.id] = user
        self._revision += 1

    def organization(self, org_id: int) -> Organization | None:
        return self._organizations.get(org_id)

    def organization_by_slug(self, slug: str) -> Organization | None:
        return next((o for o in self._organizations.values() if o.slug == slug), None)

    def team(self, team_id: int) -> Team | None:
        return self._teams.get(team_id)

    def team_by_slug(self, slug: str, *, org_id: int | None = None) -> Team | None:
        """A team of organization `org_id` by slug; without `org_id`, only teams outside organizations
        (`TeamsRepository.findTeamBySlug` asks for `parentId: null`)."""
        return next((t for t in self._teams.values() if t.slug == slug and t.parent_org_id == org_id), None)

    def teams_of_org(self, org_id: int) -> list[Team]:
        return [t for t in self._teams.values() if t.parent_org_id == org_id]

    def user(self, user_id: int) -> User | None:
        return self._users.get(user_id)

    def user_by_username(self, username: str, *, org_id: int | None = None) -> User | None:
        return next(
            (u for u in self._users.values() if u.username == username and (org_id is None or u.org_id == org_id)),
            None,
        )

    def users(self) -> list[User]:
        return list(self._users.values())

    def members_of_org(self, org_id: int) -> list[User]:
        return [u for u in self._users.values() if u.org_id == org_id]

    def members_of_team(self, team_id: int) -> list[User]:
        return [u for u in self._users.values() if team_id in u.team_roles]

    def api_key(self, key: str) -> ApiKey | None:
        return self._api_keys.get(key)

    def api_keys(self) -> list[ApiKey]:
        return list(self._api_keys.values())

    def oauth_client(self, client_id: str) -> OAuthClient | None:
        return self._oauth_clients.get(client_id)

    def access_token(self, token: str) -> AccessToken | None:
        return self._access_tokens.get(token)

    def user_by_email(self, email: str) -> User | None:
        return next((u for u in self._users.values() if u.email == email), None)

    def event_type(self, event_type_id: int) -> EventType | None:
        return self._event_types.get(event_type_id)

    def event_type_of_user(self, user_id: int, slug: str) -> EventType | None:
        return next(
            (e for e in self._event_types.values() if e.owner_id == user_id and e.team_id is None and e.slug == slug),
            None,
        )

    def event_types_of_user(self, user_id: int) -> list[EventType]:
        """The user's own event types (not their teams'), by id."""
        return sorted(
            (e for e in self._event_types.values() if e.owner_id == user_id and e.team_id is None), key=lambda e: e.id
        )

    def event_type_of_team(self, team_id: int, slug: str) -> EventType | None:
        return next((e for e in self._event_types.values() if e.team_id == team_id and e.slug == slug), None)

    def event_types_of_teams(self, team_ids: AbstractSet[int]) -> list[EventType]:
        return [e for e in self._event_types.values() if e.team_id in team_ids]

    # ------------------------------------------------------------------------------------ bookings

    def booking(self, uid: str) -> Booking | None:
        return self._bookings.get(uid)

    def booking_by_id(self, booking_id: int) -> Booking | None:
        uid = self._uid_by_id.get(booking_id)
        return self._bookings[uid] if uid is not None else None

    def series(self, series_uid: str) -> list[Booking]:
        """Occurrences of a recurring series, in creation order (the real query has no orderBy)."""
        return sorted((self._bookings[uid] for uid in self._series.get(series_uid, _EMPTY)), key=lambda b: b.id)

    def booking_by_seat(self, seat_uid: str) -> Booking | None:
        uid = self._by_seat.get(seat_uid)
        return self._bookings[uid] if uid is not None else None

    def bookings_at(self, event_type_id: int, start: datetime) -> list[Booking]:
        return [self._bookings[uid] for uid in self._by_slot.get((event_type_id, start), _EMPTY)]

    def bookings_of_user_overlapping(self, user_id: int, start: datetime, end: datetime) -> Iterator[Booking]:
        """The user's bookings that overlap [start, end), whatever their status."""
        timeline = self._timeline.get(user_id, [])
        index = bisect.bisect_left(timeline, (end, ""))
        try:
            earliest = start - self._longest
        except OverflowError:  # a booking stretched over millennia (v1 PATCH allows it)
            earliest = datetime.min.replace(tzinfo=start.tzinfo)
        while index > 0 and timeline[index - 1][0] > earliest:
            index -= 1
            booking = self._bookings[timeline[index][1]]
            if booking.overlaps(start, end):
                yield booking

    def uids_for_user(self, user_id: int) -> AbstractSet[str]:
        """Bookings the user organizes or hosts."""
        return self._by_user.get(user_id, _EMPTY)

    def uids_for_email(self, email: str) -> AbstractSet[str]:
        """Bookings with an attendee, seat or guest under exactly this email."""
        return self._by_email.get(email, _EMPTY)

    def uids_for_event_type(self, event_type_id: int) -> AbstractSet[str]:
        return self._by_event_type.get(event_type_id, _EMPTY)

    def all_uids(self) -> AbstractSet[str]:
        return self._bookings.keys()

    def bookings(self, uids: Iterable[str] | None = None) -> Iterator[Booking]:
        if uids is None:
            return iter(self._bookings.values())
        return (self._bookings[uid] for uid in uids)

    def context(self, booking: Booking) -> BookingContext:
        """The booking with what its permission rules need; the store keeps references consistent."""
        event_type = self._event_types[booking.event_type_id]
        team = self._teams.get(event_type.team_id) if event_type.team_id is not None else None
        return BookingContext(
            booking=booking, event_type=event_type, organizer=self._users[booking.organizer_id], team=team
        )

    def save(self, booking: Booking) -> Booking:
        """Insert or replace a booking (by uid), keeping every index correct."""
        previous = self._bookings.get(booking.uid)
        if previous is not None:
            self._unindex(previous)
        elif booking.id in self._uid_by_id:
            raise InvalidRequest(f"Booking id {booking.id} is already used by uid={self._uid_by_id[booking.id]}")
        self._bookings[booking.uid] = booking
        self._index(booking)
        self._revision += 1
        self._next_booking_id = max(self._next_booking_id, booking.id + 1)
        self._next_attendee_id = max([self._next_attendee_id, *(a.id + 1 for a in booking.attendees)])
        return booking

    def save_all(self, bookings: Iterable[Booking]) -> list[Booking]:
        return [self.save(booking) for booking in bookings]

    def _index(self, booking: Booking) -> None:
        uid = booking.uid
        self._uid_by_id[booking.id] = uid
        if booking.recurring_booking_uid is not None:
            self._series[booking.recurring_booking_uid].add(uid)
        for email in booking.participant_emails:
            self._by_email[email].add(uid)
        for user_id in booking.user_ids:
            self._by_user[user_id].add(uid)
            bisect.insort(self._timeline[user_id], (booking.start, uid))
        self._longest = max(self._longest, booking.end - booking.start)
        self._by_event_type[booking.event_type_id].add(uid)
        self._by_slot[(booking.event_type_id, booking.start)].add(uid)
        for seat_uid in booking.seat_uids:
            self._by_seat[seat_uid] = uid

    def _unindex(self, booking: Booking) -> None:
        uid = booking.uid
        del self._uid_by_id[booking.id]
        if booking.recurring_booking_uid is not None:
            _discard(self._series, booking.recurring_booking_uid, uid)
        for email in booking.participant_emails:
            _discard(self._by_email, email, uid)
        for user_id in booking.user_ids:
            _discard(self._by_user, user_id, uid)
            timeline = self._timeline[user_id]
            del timeline[bisect.bisect_left(timeline, (booking.start, uid))]
        _discard(self._by_event_type, booking.event_type_id, uid)
        _discard(self._by_slot, (booking.event_type_id, booking.start), uid)
        for seat_uid in booking.seat_uids:
            del self._by_seat[seat_uid]

    # ------------------------------------------------------------------------------------- reports

    def add_report(self, report: BookingReport) -> BookingReport:
        self._reports[report.id] = report
        self._report_by_booking[report.booking_uid] = report.id
        self._next_report_id = max(self._next_report_id, report.id + 1)
        self._revision += 1
        return report

    # -------------------------------------------------------------------------------- reservations

    def add_reservation(self, reservation: SlotReservation) -> SlotReservation:
        self._reservations.append(reservation)
        self._revision += 1
        return reservation

    def reservations(self, now: datetime) -> list[SlotReservation]:
        """The reservations that still hold at `now`, oldest first; expired ones are dropped (the real
        `_getReservedSlotsAndCleanupExpired` deletes them as it reads)."""
        held = [r for r in self._reservations if r.holds(now)]
        if len(held) != len(self._reservations):
            self._reservations = held
            self._revision += 1
        return sorted(held, key=lambda r: r.created_at)

    def delete_reservations(self, uid: str) -> int:
        """Remove every reservation of `uid`; how many there were."""
        kept = [r for r in self._reservations if r.uid != uid]
        removed = len(self._reservations) - len(kept)
        if removed:
            self._reservations = kept
            self._revision += 1
        return removed

    def report_for(self, booking_uid: str) -> BookingReport | None:
        report_id = self._report_by_booking.get(booking_uid)
        return self._reports[report_id] if report_id is not None else None

    # ------------------------------------------------------- booking references and Cal Video rooms

    def add_reference(self, reference: BookingReference) -> BookingReference:
        """A calendar event or video room of a booking (reference data: no operation changes them)."""
        self._references[reference.id] = reference
        self._references_by_booking[reference.booking_uid].append(reference.id)
        self._revision += 1
        return reference

    def next_reference_id(self) -> int:
        return max(self._references, default=0) + 1

    def references_of(self, booking_uid: str) -> list[BookingReference]:
        return [self._references[i] for i in self._references_by_booking.get(booking_uid, ())]

    def add_recording(self, recording: CalVideoRecording) -> CalVideoRecording:
        self._recordings[recording.id] = recording
        return recording

    def recordings_of_room(self, room_name: str) -> list[CalVideoRecording]:
        return [r for r in self._recordings.values() if r.room_name == room_name]

    def add_transcript(self, transcript: CalVideoTranscript) -> CalVideoTranscript:
        self._transcripts[transcript.id] = transcript
        return transcript

    def transcripts_of_room(self, room_name: str) -> list[CalVideoTranscript]:
        return [t for t in self._transcripts.values() if t.room_name == room_name]

    # ---------------------------------------------------------------------------------- identities

    def next_booking_id(self) -> int:
        booking_id = self._next_booking_id
        self._next_booking_id += 1
        return booking_id

    def next_attendee_id(self) -> int:
        attendee_id = self._next_attendee_id
        self._next_attendee_id += 1
        return attendee_id

    def co_host_attendees(self, organizer_id: int, host_ids: Sequence[int]) -> tuple[Attendee, ...]:
        """The hosts of a team booking other than its organizer, as its attendees (`handleNewBooking` adds
        them after the booker), each with a new attendee id."""
        co_hosts = [self.user(user_id) for user_id in host_ids if user_id != organizer_id]
        return tuple(
            Attendee(
                id=self.next_attendee_id(),
                name=user.name,
                email=user.email,
                time_zone=user.time_zone,
                language=user.locale,
            )
            for user in co_hosts
            if user is not None
        )

    def next_report_id(self) -> int:
        report_id = self._next_report_id
        self._next_report_id += 1
        return report_id

    def new_uid(self) -> str:
        """A 22-character base62 booking uid, like Cal.com's `translator.fromUUID(uuidv4())`, not in use
        (an imported or restored state may hold uids the random source gives again)."""
        bits = self._rng.getrandbits
        while True:
            # `rng.choice(_BASE62)` 22 times, drawn as it draws them (six bits, again while 62 or more),
            # without its two calls per character.
            picked: list[str] = []
            while len(picked) < 22:
                drawn = bits(6)
                if drawn < 62:
                    picked.append(_BASE62[drawn])
            uid = "".join(picked)
            if uid not in self._bookings:
                return uid

    def new_uuid(self) -> str:
        """A UUID4 string (seat uids, series uids) from the store's random source, not in use."""
        while True:
            value = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            if value not in self._by_seat and value not in self._series:
                return value

    # ------------------------------------------------------------------------ baseline, export, import

    def mark_baseline(self) -> None:
        """Remember the current state and random state as what `reset()` returns to."""
        self._baseline = (self.export(), self._rng.getstate())

    def reset(self) -> None:
        """Back to the baseline (the loaded fixtures), uid sequence included; empty if none."""
        if self._baseline is None:
            self._clear()
            return
        state, rng_state = self._baseline
        self.import_(state)
        self._rng.setstate(rng_state)  # type: ignore[arg-type]

    def export(self) -> dict[str, Any]:
        """The whole state as a JSON-able dict."""
        return {
            "version": STATE_VERSION,
            "organizations": encode(list(self._organizations.values())),
            "teams": encode(list(self._teams.values())),
            "users": encode(list(self._users.values())),
            "apiKeys": encode(list(self._api_keys.values())),
            "oauthClients": encode(list(self._oauth_clients.values())),
            "accessTokens": encode(list(self._access_tokens.values())),
            "refreshTokens": encode(list(self._refresh_tokens.values())),
            "eventTypes": encode(list(self._event_types.values())),
            "bookings": encode(list(self._bookings.values())),
            "reports": encode(list(self._reports.values())),
            "bookingReferences": encode(list(self._references.values())),
            "calVideoRecordings": encode(list(self._recordings.values())),
            "calVideoTranscripts": encode(list(self._transcripts.values())),
            "reservations": encode(self._reservations),
        }

    def import_(self, state: Mapping[str, Any]) -> None:
        """Replace the whole state with `state` (an `export()`), or raise `InvalidRequest` and keep it."""
        with heap.loading():
            self._import_document(state)

    def _import_document(self, state: object) -> None:
        if not isinstance(state, Mapping) or state.get("version") != STATE_VERSION:
            raise InvalidRequest(f"Invalid state: expected an object with version {STATE_VERSION}")
        self._replace(decode_sections(state))

    def import_json(self, raw: bytes) -> None:
        """`import_` of a JSON document, decoded straight from the bytes; `NotJson` if it is not JSON."""
        with heap.loading():
            decoded = decode_json_state(raw)
            if decoded is None:  # the fast decoder refused it: the plain path decides, with its messages
                self._import_document(parse_json(raw))
                return
            version, sections = decoded
            if version != STATE_VERSION:
                raise InvalidRequest(f"Invalid state: expected an object with version {STATE_VERSION}")
            self._replace(sections)

    def _replace(self, sections: Mapping[str, list[Any]]) -> None:
        staged = BookingStore(self._rng)
        adders: dict[str, Callable[[Any], object]] = {
            "organizations": staged.add_organization,
            "teams": staged.add_team,
            "users": staged.add_user,
            "apiKeys": staged.add_api_key,
            "oauthClients": staged.add_oauth_client,
            "accessTokens": staged.add_access_token,
            "refreshTokens": staged.add_refresh_token,
            "eventTypes": staged.add_event_type,
            "reports": staged.add_report,
            "bookingReferences": staged.add_reference,
            "calVideoRecordings": staged.add_recording,
            "calVideoTranscripts": staged.add_transcript,
            "reservations": staged.add_reservation,
        }
        for name, _entity in SECTIONS:
            if name == "bookings":
                staged._load_bookings(sections[name])
            else:
                for item in sections[name]:
                    adders[name](item)
        staged._check_references()
        self.__dict__.update({k: v for k, v in staged.__dict__.items() if k not in ("_rng", "_baseline", "_revision")})
        self._revision += 1

    def _load_bookings(self, bookings: Iterable[Booking]) -> None:
        """`save` of each booking in turn, with the indexes built once at the end rather than per booking
        (same result: a later booking with the same uid replaces the earlier one, and an id already
        used by another uid is refused at the booking that reuses it)."""
        by_uid = self._bookings
        uid_by_id = self._uid_by_id
        next_booking_id, next_attendee_id = self._next_booking_id, self._next_attendee_id
        for booking in bookings:
            uid = booking.uid
            previous = by_uid.get(uid)
            if previous is not None:
                del uid_by_id[previous.id]
            elif booking.id in uid_by_id:
                raise InvalidRequest(f"Booking id {booking.id} is already used by uid={uid_by_id[booking.id]}")
            by_uid[uid] = booking
            uid_by_id[booking.id] = uid
            if booking.id >= next_booking_id:
                next_booking_id = booking.id + 1
            for attendee in booking.attendees:
                if attendee.id >= next_attendee_id:
                    next_attendee_id = attendee.id + 1
        self._next_booking_id, self._next_attendee_id = next_booking_id, next_attendee_id
        # `_index` of each booking, written out with the indexes in locals: this loop is most of a load's
        # Python time. The (start, uid) entry is shared by the timelines of the booking's users.
        series, by_email, by_user, by_seat = self._series, self._by_email, self._by_user, self._by_seat
        by_event_type, by_slot, timelines = self._by_event_type, self._by_slot, self._timeline
        longest = self._longest
        for uid, booking in by_uid.items():
            if booking.recurring_booking_uid is not None:
                series[booking.recurring_booking_uid].add(uid)
            for attendee in booking.attendees:
                by_email[attendee.email].add(uid)
                if attendee.seat_uid is not None:
                    by_seat[attendee.seat_uid] = uid
            for guest in booking.guests:
                by_email[guest].add(uid)
            start, organizer_id, host_ids = booking.start, booking.organizer_id, booking.host_ids
            entry = (start, uid)
            for user_id in (organizer_id,) if host_ids == (organizer_id,) else booking.user_ids:
                by_user[user_id].add(uid)
                timelines[user_id].append(entry)
            if booking.end - start > longest:
                longest = booking.end - start
            by_event_type[booking.event_type_id].add(uid)
            by_slot[(booking.event_type_id, start)].add(uid)
        self._longest = longest
        for timeline in timelines.values():
            timeline.sort()
        self._revision += 1

    def _check_references(self) -> None:
        problems = [
            f"api key of unknown user {k.user_id}" for k in self._api_keys.values() if k.user_id not in self._users
        ]
        problems += [
            f"access token of unknown user {t.user_id}"
            for t in self._access_tokens.values()
            if t.user_id not in self._users
        ]
        problems += [
            f"refresh token of unknown user {t.user_id}"
            for t in self._refresh_tokens.values()
            if t.user_id not in self._users
        ]
        problems += [
            f"OAuth client {c.id} of unknown organization"
            for c in self._oauth_clients.values()
            if c.org_id not in self._organizations
        ]
        problems += [
            f"team {t.id} in unknown organization"
            for t in self._teams.values()
            if t.parent_org_id is not None and t.parent_org_id not in self._organizations
        ]
        for b in self._bookings.values():
            if b.event_type_id not in self._event_types:
                problems.append(f"booking {b.uid} has unknown event type {b.event_type_id}")
            if not b.user_ids <= self._users.keys():
                problems.append(f"booking {b.uid} has unknown organizer or host")
        problems += [
            f"report {r.id} of unknown booking" for r in self._reports.values() if r.booking_uid not in self._bookings
        ]
        problems += [
            f"booking reference {r.id} of unknown booking"
            for r in self._references.values()
            if r.booking_uid not in self._bookings
        ]
        if problems:
            raise InvalidRequest("Invalid state: " + "; ".join(problems[:5]))


def _discard(index: defaultdict[Any, set[str]], key: object, uid: str) -> None:
    members = index.get(key)
    if members is not None:
        members.discard(uid)
        if not members:
            del index[key]
