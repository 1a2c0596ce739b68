"""Booking calls: the bookings service behind the same HTTP API (`/bookings`)."""

from __future__ import annotations

from littlelemon.web.client.models import Availability, Booking, BookingList
from littlelemon.web.client.transport import Endpoints, parse


class BookingEndpoints(Endpoints):
    """Availability, booking, listing and cancelling tables."""

    def availability(self, date: str) -> Availability:
        """The bookable slots of `date`, and the caller's own limits."""
        params = {"date": date}
        return self.requester.get(Availability, "/bookings/availability", params=params, auth=True)

    def create(
        self, *, date: str, slot: str, guests: int, name: str, note: str, idempotency_key: str
    ) -> Booking:
        body = {"date": date, "slot": slot, "guests": guests, "name": name, "note": note}
        response = self.requester.request(
            "POST",
            "/bookings",
            json=body,
            headers={"Idempotency-Key": idempotency_key},
            # The idempotency key makes a repeat harmless: the service stores one booking.
            retry=True,
        )
        return parse(Booking, response)

    def find(self, *, date: str = "") -> list[Booking]:
        params = {"date": date} if date else None
        return list(self.requester.get(BookingList, "/bookings", params=params, auth=True).results)

    def day(self, date: str) -> BookingList:
        """A manager's day: every booking of `date` and the seats of each slot."""
        return self.requester.get(BookingList, "/bookings", params={"date": date}, auth=True)

    def mark(self, booking_id: str, status: str) -> Booking:
        """Managers: the booking is `seated`, a `no_show` or `cancelled` (the same twice is
        harmless: the service answers the booking unchanged)."""
        response = self.requester.request(
            "PATCH", f"/bookings/{booking_id}", json={"status": status}, retry=True
        )
        return parse(Booking, response)

    def get(self, booking_id: str) -> Booking:
        return self.requester.get(Booking, f"/bookings/{booking_id}", auth=True)

    def cancel(self, booking_id: str) -> Booking:
        # DELETE is idempotent in the bookings contract: cancelling twice changes nothing.
        response = self.requester.request("DELETE", f"/bookings/{booking_id}", retry=True)
        return parse(Booking, response)
