"""What the "Press officer" group may do in the events app (the group itself is created in a press migration).

``app_label.codename`` strings. Registrants are personal data: only staff
holding ``view_registration`` see them; ``change_registration`` is needed for
check-in, promote, cancel and resend; ``export_registration`` for the CSV and
JSON exports; ``delete_registration`` for erasing a person's registrations.
"""

PRESS_OFFICER_PERMISSIONS = [
    # Press conferences, with their time slots and display zones (edited inline).
    "events.add_event", "events.change_event", "events.view_event",
    "events.add_slot", "events.change_slot", "events.delete_slot", "events.view_slot",
    "events.add_displayzone", "events.change_displayzone", "events.delete_displayzone", "events.view_displayzone",
    "events.view_eventchange",
    # Registrants.
    "events.view_registration", "events.change_registration", "events.delete_registration",
    "events.export_registration",
]
