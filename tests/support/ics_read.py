"""Parses an iCalendar text from stdin with the `icalendar` package (PyPI) and prints what a
calendar application would take from it, as JSON: the calendar's name and each event."""

import json
import sys

from icalendar import Calendar

cal = Calendar.from_ical(sys.stdin.buffer.read())
events = []
for ev in cal.walk("VEVENT"):
    events.append(
        {
            "uid": str(ev.get("uid")),
            "summary": str(ev.get("summary")),
            "start": ev.decoded("dtstart").isoformat(),
            "end": ev.decoded("dtend").isoformat(),
            "status": str(ev.get("status", "")),
            "sequence": int(ev.get("sequence", 0)),
            "location": str(ev.get("location", "")),
            "url": str(ev.get("url", "")),
        }
    )
print(json.dumps({"name": str(cal.get("x-wr-calname", cal.get("name", ""))), "version": str(cal.get("version")), "events": events}))
