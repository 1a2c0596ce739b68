"""The committed OpenAPI fragment of the bookings routes is what their models and routes give."""

from __future__ import annotations

from importlib import resources

from littlelemon.bookings import openapi


def test_committed_fragment_matches_the_models_and_routes() -> None:
    committed = (resources.files("littlelemon.contract") / openapi.FRAGMENT_FILE).read_text()
    assert committed == openapi.fragment_text(), (
        "the bookings models or routes changed: run `python -m littlelemon.bookings.openapi`"
    )


def test_fragment_documents_the_six_routes_with_their_models() -> None:
    fragment = openapi.bookings_fragment()
    operations = {(m, p) for p, item in fragment["paths"].items() for m in item}
    assert operations == {
        ("get", "/bookings/availability"),
        ("post", "/bookings"),
        ("get", "/bookings"),
        ("get", "/bookings/{id}"),
        ("patch", "/bookings/{id}"),
        ("delete", "/bookings/{id}"),
    }
    schemas = fragment["components"]["schemas"]
    assert {"Booking", "BookingCreate", "Availability", "SlotAvailability"} <= schemas.keys()
    assert schemas["BookingCreate"]["required"] == ["date", "slot", "guests", "name"]
