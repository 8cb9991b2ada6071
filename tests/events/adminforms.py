"""Posting the event admin's forms as a browser does: the press conference's add and change forms and the
registrations' changelist actions (the tests of events/admin.py and of what an edit there causes share these)."""

from zoneinfo import ZoneInfo

ADD_URL = "/admin/events/event/add/"
CHANGELIST = "/admin/events/registration/"


def formset(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def event_data(commission, *, slots=None, zones=None, **fields):
    data = {
        "commission": str(commission.pk), "title": "Press conference in Almaty", "slug": "almaty-briefing",
        "summary": "The Commission speaks in Almaty.", "description": "", "status": "draft",
        "event_status": "scheduled", "status_note": "", "attendance": "mixed", "timezone": "Asia/Almaty",
        "venue_name": "Hotel", "venue_address": "", "venue_city": "Almaty", "venue_country": "Kazakhstan",
        "online_platform": "Zoom", "join_url": "",
        "publish_at_0": "", "publish_at_1": "", "registration_opens_at_0": "", "registration_opens_at_1": "",
        "registration_closes_at_0": "", "registration_closes_at_1": "",
        "in_person_capacity": "50", "online_capacity": "",
    }
    data.update(fields)
    if slots is None:
        slots = [{"start_date": "2030-01-18", "start_time": "15:30", "end_time": "16:30"}]
    slot_rows = [{"start_date": "", "start_time": "", "start_occurrence": "", "end_date": "", "end_time": "",
                  "end_occurrence": "", "timezone": "", **row} for row in slots]
    if zones is None:
        zones = [{"order": "1", "label": "ALMT", "place": "Almaty, Kazakhstan", "timezone": "Asia/Almaty"},
                 {"order": "2", "label": "", "place": "London, UK", "timezone": "Europe/London"}]
    data.update(formset("slots", slot_rows))
    data.update(formset("display_zones", zones))
    data.update(formset("image_attachments", []))
    data.update(formset("document_attachments", []))
    data.update(formset("translations", []))
    return data


def change_data(event, **fields):
    """The change form as it stands, with ``fields`` and the slot's fields (``slot_*``) replaced."""
    slot = event.slots.get()
    current = {
        name: getattr(event, name) for name in (
            "title", "slug", "summary", "description", "status", "event_status", "status_note", "attendance",
            "timezone", "venue_name", "venue_address", "venue_city", "venue_country", "online_platform", "join_url",
        )
    }
    publish_at = event.publish_at.astimezone(ZoneInfo(event.timezone))  # typed in the event's zone
    current.update(publish_at_0=publish_at.strftime("%Y-%m-%d"), publish_at_1=publish_at.strftime("%H:%M:%S"))
    current.update({name: "" if getattr(event, name) is None else str(getattr(event, name))
                    for name in ("in_person_capacity", "online_capacity")})
    current.update({k: v for k, v in fields.items() if not k.startswith("slot_")})
    data = event_data(event.commission, slots=[], zones=[], **current)
    slot_row = {"id": str(slot.pk), "event": str(event.pk), "start_date": slot.start_date.isoformat(),
                "start_time": slot.start_time.strftime("%H:%M"), "start_occurrence": "",
                "end_date": slot.end_date.isoformat(), "end_time": slot.end_time.strftime("%H:%M"),
                "end_occurrence": "", "timezone": slot.timezone}
    slot_row.update({k.removeprefix("slot_"): v for k, v in fields.items() if k.startswith("slot_")})
    data.update(formset("slots", [slot_row], initial=1))
    zones = [{"id": str(z.pk), "event": str(event.pk), "order": str(z.order), "label": z.label, "place": z.place,
              "timezone": z.timezone} for z in event.display_zones.all()]
    data.update(formset("display_zones", zones, initial=len(zones)))
    return data


def action(client, name, registrations, **extra):
    return client.post(CHANGELIST, {"action": name, "_selected_action": [r.pk for r in registrations], **extra})
