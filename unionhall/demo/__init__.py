"""Demo data: the demo district and a year of the demo school's work, with the seed commands.

It sits above every app and seeds through their services; no app imports it."""
