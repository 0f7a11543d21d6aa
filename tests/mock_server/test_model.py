"""The one constructor of a new booking: what the real booking flow fills in when the input leaves it out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mock_server.domain.model import Attendee, Booking, BookingStatus, EventType, User

START = datetime(2030, 1, 7, 9, tzinfo=UTC)
ORGANIZER = User(id=1, username="olivia", name="Olivia Organizer", email="olivia@example.com")
ANN = Attendee(id=5, name="Ann Example", email="ann@example.com", time_zone="UTC")


def _new(event_type: EventType, **given: object) -> Booking:
    return Booking.new(
        id=9,
        uid="abc",
        event_type=event_type,
        organizer=ORGANIZER,
        host_ids=(1,),
        start=START,
        end=START + timedelta(minutes=30),
        attendees=(ANN,),
        created_at=START - timedelta(days=1),
        **given,  # type: ignore[arg-type]
    )


def test_a_new_booking_gets_the_real_defaults() -> None:
    event_type = EventType(id=3, slug="intro", title="Intro", length_in_minutes=30, description="Say hello")
    booking = _new(event_type, location="https://meet.example.com/abc")
    assert booking.title == "Intro between Olivia Organizer and Ann Example"
    assert booking.description == "Say hello"
    assert booking.meeting_url == "https://meet.example.com/abc"
    assert booking.status is BookingStatus.ACCEPTED
    assert booking.ics_uid == "abc@Cal.com" == Booking.ics_uid_for("abc")
    assert booking.updated_at == booking.created_at


def test_what_the_input_gives_wins_and_confirmation_makes_it_pending() -> None:
    event_type = EventType(id=3, slug="intro", title="Intro", length_in_minutes=30, requires_confirmation=True)
    booking = _new(event_type, location="Main street 1", title="Chat", description="", ics_uid="x@y")
    assert (booking.title, booking.description, booking.ics_uid) == ("Chat", "", "x@y")
    assert booking.meeting_url is None
    assert booking.status is BookingStatus.PENDING
