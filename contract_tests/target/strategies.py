"""Hypothesis strategies for what a booker sends and what a list reader asks for."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from contract_tests.target.bookings import AttendeeSpec, BookingSpec

__all__ = [
    "LIST_STATUSES",
    "SORT_KEYS",
    "attendee_names",
    "booking_specs",
    "fictional_phone_number",
    "fictional_phone_numbers",
    "list_queries",
    "sorts",
]

TIME_ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "Pacific/Auckland",
)
LANGUAGES = ("en", "de", "fr", "pt-BR", "zh-CN", "ja", "es-419", "iw", "no")
LIST_STATUSES = ("upcoming", "recurring", "past", "cancelled", "unconfirmed")
SORT_KEYS = ("sortStart", "sortEnd", "sortCreated", "sortUpdatedAt")

# North American numbers 555-0100 to 555-0199 are reserved for fiction in every area code: none of them
# reaches a person, so a real server that texts or calls the attendee reaches nobody.
_AREA_CODES = (202, 212, 305, 312, 415, 503, 617, 702, 713, 808)


def fictional_phone_number(n: int) -> str:
    """`+1 <area> 555-01xx` in E.164, e.g. +12025550142, chosen by `n`."""
    return f"+1{_AREA_CODES[n // 100 % len(_AREA_CODES)]}55501{n % 100:02d}"


def fictional_phone_numbers() -> st.SearchStrategy[str]:
    return st.integers(0, 100 * len(_AREA_CODES) - 1).map(fictional_phone_number)


_NAME_ALPHABET = string.ascii_letters + "éøßçÅÑüİłŽ李明ありがとう-'"


@st.composite
def attendee_names(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.text(alphabet=_NAME_ALPHABET, min_size=1, max_size=12), min_size=1, max_size=3))
    return " ".join(words)


def _short_text(max_size: int = 40) -> st.SearchStrategy[str]:
    return (
        st.text(alphabet=string.ascii_letters + string.digits + " .,-_éü", min_size=1, max_size=max_size)
        .map(str.strip)
        .filter(bool)
    )


_keys = st.text(alphabet=string.ascii_letters + string.digits + "_", min_size=1, max_size=20)


def booking_specs(*, with_location: bool = True) -> st.SearchStrategy[BookingSpec]:
    """What a booker may choose. Locations as plain strings (an address, a phone number, a link), which the real
    server accepts for any event type; a location object must be one the event type offers, which the suite
    cannot know. Only where the target is known to accept them (the mock)."""
    locations: st.SearchStrategy[str | None] = st.none()
    if with_location:
        locations = st.one_of(
            st.none(),
            _short_text(),
            fictional_phone_numbers(),
            st.text(string.ascii_lowercase, min_size=3, max_size=10).map(
                lambda room: f"https://meet.example.com/{room}"
            ),
        )
    return st.builds(
        BookingSpec,
        attendee=st.builds(
            AttendeeSpec,
            name=attendee_names(),
            time_zone=st.sampled_from(TIME_ZONES),
            language=st.none() | st.sampled_from(LANGUAGES),
            phone_number=st.none() | fictional_phone_numbers(),
        ),
        metadata=st.dictionaries(_keys, _short_text(60), max_size=3),
        guests=st.lists(st.text(string.ascii_lowercase, min_size=1, max_size=8), max_size=2, unique=True).map(tuple),
        booking_fields=st.dictionaries(_keys.map(lambda k: "q_" + k), _short_text(), max_size=2),
        location=locations,
    )


def sorts() -> st.SearchStrategy[dict[str, str]]:
    """Zero, one or several sort parameters (only the first by precedence applies)."""
    return st.dictionaries(st.sampled_from(SORT_KEYS), st.sampled_from(("asc", "desc")), max_size=2)


@st.composite
def list_queries(draw: st.DrawFn, *, emails: list[str], names: list[str], event_type_ids: list[int]) -> dict[str, Any]:
    """Filters of GET /v2/bookings, aimed at values the run's bookings hold so that lists are not empty."""
    query: dict[str, Any] = {}
    if draw(st.booleans()):
        query["status"] = ",".join(draw(st.lists(st.sampled_from(LIST_STATUSES), min_size=1, max_size=3, unique=True)))
    if bool(emails) and draw(st.booleans()):
        query["attendeeEmail"] = draw(st.sampled_from(emails))
    if names and draw(st.integers(0, 3)) == 0:
        query["attendeeName"] = draw(st.sampled_from(names))
    if bool(event_type_ids) and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(event_type_ids), min_size=1, max_size=3, unique=True))
        if len(chosen) == 1 and draw(st.booleans()):
            query["eventTypeId"] = str(chosen[0])
        else:
            query["eventTypeIds"] = ",".join(map(str, chosen))
    query.update(draw(sorts()))
    return query
