""" "Add to calendar" links of a booking, built as `getCalendarLinks` builds them (calcom/cal.com
`packages/features/bookings/lib/getCalendarLinks.ts`): Google Calendar, Microsoft Office, Microsoft
Outlook, and an ICS file as a `data:` URL. The real server computes them from the booking alone; it
fetches nothing from a calendar provider, so the mock's links are the real ones' equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from mock_server.domain.model import Booking, EventType, Recurrence, event_name

__all__ = ["CalendarLink", "calendar_links"]

_URI_COMPONENT_SAFE = "-_.!~*'()"  # what JavaScript's encodeURIComponent leaves alone
_URI_SAFE = _URI_COMPONENT_SAFE + ";,/?:@&=+$#"  # ... and encodeURI


@dataclass(frozen=True, kw_only=True)
class CalendarLink:
    id: str
    label: str
    link: str


def _component(text: str) -> str:
    return quote(text, safe=_URI_COMPONENT_SAFE)


def _utc(moment: datetime, compact: bool) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ" if compact else "%Y-%m-%dT%H:%M:%SZ")


def _rrule(recurrence: Recurrence, count: int) -> str:
    return f"RRULE:FREQ={recurrence.frequency.upper()};INTERVAL={recurrence.interval};COUNT={count}"


def _ics(booking: Booking, name: str, description: str, location: str | None) -> str:
    minutes = int(booking.duration.total_seconds() // 60)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "PRODID:adamgibbons/ics",
        "METHOD:PUBLISH",
        "X-PUBLISHED-TTL:PT1H",
        "BEGIN:VEVENT",
        f"UID:{booking.uid}",
        f"SUMMARY:{name}",
        f"DTSTAMP:{_utc(booking.created_at, compact=True)}",
        f"DTSTART:{_utc(booking.start, compact=True)}",
        f"DURATION:PT{minutes}M",
    ]
    if description:
        lines.append(f"DESCRIPTION:{description}")
    if location:
        lines.append(f"LOCATION:{location}")
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "data:text/calendar," + _component("\r\n".join(lines))


def calendar_links(
    booking: Booking, event_type: EventType, *, host: str, attendee: str, video_call_url: str | None
) -> list[CalendarLink]:
    """`host`: the event type's team name, else its owner's name; `attendee`: the booker's name. The
    location is the booking's video call URL only (never a plain link or address), when it has one."""
    name = event_name(event_type.title, host, attendee)
    description = event_type.description or ""
    location = video_call_url
    start_c, end_c = _utc(booking.start, compact=True), _utc(booking.end, compact=True)
    start, end = _utc(booking.start, compact=False), _utc(booking.end, compact=False)
    where = f"&location={_component(location)}" if location else ""
    recurrence = event_type.recurrence
    recur = f"&recur={_component(_rrule(recurrence, recurrence.max_occurrences))}" if recurrence else ""
    google = (
        f"https://calendar.google.com/calendar/r/eventedit?dates={start_c}/{end_c}&text={name}"
        f"&details={_component(description)}{where}{recur}"
    )
    office = (
        f"https://outlook.office.com/calendar/0/deeplink/compose?body={_component(description)}&enddt={end}"
        f"&path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&startdt={start}&subject={name}{where}"
    )
    outlook = (
        quote(
            f"https://outlook.live.com/calendar/0/deeplink/compose?body={description}&enddt={end}"
            f"&path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&startdt={start}&subject={name}",
            safe=_URI_SAFE,
        )
        + where
    )
    return [
        CalendarLink(id="googleCalendar", label="Google Calendar", link=google),
        CalendarLink(id="microsoftOffice", label="Microsoft Office", link=office),
        CalendarLink(id="microsoftOutlook", label="Microsoft Outlook", link=outlook),
        CalendarLink(id="ics", label="ICS", link=_ics(booking, name, description, location)),
    ]
