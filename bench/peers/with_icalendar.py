"""The personal feed built and serialised with icalendar: the events are read once from the feed
parcours served (their typed values: instants in their zone, texts, organiser and attendee), then
each run builds the VCALENDAR with its VTIMEZONE and VEVENTs and writes it out, as parcours does
for every request."""
import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress

INSTANTS = {"DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED", "CREATED", "RECURRENCE-ID"}


def unfold(text):
    """Content lines with folding undone."""
    lines = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw.startswith((" ", "\t")) and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def split(line):
    """(NAME, {PARAM: value}, raw value) of a content line."""
    head, quoted, i = "", False, 0
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        if ch == ":" and not quoted:
            break
    head, value = line[:i], line[i + 1:]
    name, *params = head.split(";")
    return name.upper(), dict(p.split("=", 1) for p in params), value


def unescape(value):
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def instant(params, value):
    if len(value) == 8:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    at = dt.datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return at.replace(tzinfo=dt.timezone.utc)
    if "TZID" in params:
        return at.replace(tzinfo=ZoneInfo(params["TZID"]))
    return at


def events_of(feed_text):
    """The calendar's own properties and each VEVENT's typed properties."""
    calendar, events, current, depth = [], [], None, []
    for line in unfold(feed_text):
        name, params, value = split(line)
        if name == "BEGIN":
            depth.append(value)
            if value == "VEVENT":
                current = []
            continue
        if name == "END":
            depth.pop()
            if value == "VEVENT":
                events.append(current)
                current = None
            continue
        if current is not None:
            current.append((name, params, value))
        elif depth == ["VCALENDAR"]:
            calendar.append((name, params, value))
    return calendar, events


def typed(name, params, value):
    if name in INSTANTS:
        return instant(params, value), {}
    if name == "SEQUENCE":
        return int(value), {}
    if name in ("ORGANIZER", "ATTENDEE"):
        address = vCalAddress(value)
        for key, param in params.items():
            address.params[key] = param.strip('"')
        return address, {}
    return unescape(value), {}


class Builder:
    """The feed's data, typed once; `build` makes and serialises the calendar."""

    def __init__(self, feed_text):
        calendar, events = events_of(feed_text)
        self.calendar = [(n, unescape(v)) for n, _, v in calendar if n not in ("VERSION",)]
        self.events = [[(n, *typed(n, p, v)) for n, p, v in event] for event in events]
        starts = [v for event in self.events for n, v, _ in event
                  if n == "DTSTART" and isinstance(v, dt.datetime) and v.tzinfo is not None]
        self.zones = sorted({str(v.tzinfo) for v in starts if str(v.tzinfo) != "UTC"})
        # The zones' transitions over the events' span and a year either side, as parcours does
        # (icalendar's default, 1970 to 2038, would write five times as much).
        days = [v.date() for v in starts] or [dt.date.today()]
        year = dt.timedelta(days=366)
        self.span = (min(days) - year, max(days) + year)

    def build(self):
        cal = Calendar()
        cal.add("version", "2.0")
        for name, value in self.calendar:
            cal.add(name, value)
        for zone in self.zones:
            cal.add_component(Timezone.from_tzinfo(ZoneInfo(zone), zone, *self.span))
        for props in self.events:
            event = Event()
            for name, value, params in props:
                event.add(name, value, parameters=params or None)
            cal.add_component(event)
        return cal.to_ical()
