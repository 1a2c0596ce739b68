"""One Lambda handler per bookings transaction (`littlelemon.bookings.handlers.<name>.handler`)."""
