"""Parses an iCalendar file with the icalendar package and checks what a
calendar app needs. Usage: ics.py FILE. Prints one line per component kind."""
import sys

import icalendar

path = sys.argv[1]
raw = open(path, "rb").read()
try:
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "lines must end in CRLF"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, f"line longer than 75 octets: {line[:40]!r}..."
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.name == "VCALENDAR", cal.name
    assert cal.get("VERSION") == "2.0" and cal.get("PRODID"), "VERSION and PRODID are required"
    kinds = {}
    for c in cal.walk():
        if c.name == "VEVENT":
            for prop in ("UID", "DTSTAMP", "DTSTART"):
                assert c.get(prop) is not None, f"VEVENT without {prop}"
            c.decoded("DTSTART")
            if c.get("RRULE") is not None:
                c.get("RRULE").to_ical()
        if c.name == "VALARM":
            assert c.get("ACTION") and c.get("TRIGGER") is not None, "VALARM needs ACTION and TRIGGER"
            if str(c.get("ACTION")) == "DISPLAY":
                assert c.get("DESCRIPTION"), "a DISPLAY alarm needs DESCRIPTION"
        kinds[c.name] = kinds.get(c.name, 0) + 1
    errors = [e for c in cal.walk() for e in getattr(c, "errors", [])]
    assert not errors, errors
except Exception as e:
    print(f"{path}: not valid iCalendar: {e}", file=sys.stderr)
    sys.exit(1)
print(" ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
