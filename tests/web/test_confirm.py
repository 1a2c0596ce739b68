"""The confirmation page every destructive view answers a GET with."""

from __future__ import annotations

from django.test import RequestFactory

from littlelemon.web.sessions import SessionStore
from littlelemon.web.views.confirm import confirm_page


def _page(**extra: object) -> str:
    request = RequestFactory().get("/bookings/ABC123/cancel?status=cancelled")
    request.session = SessionStore()  # a visitor without a login, as the middleware leaves it
    response = confirm_page(
        request,
        title="Cancel this booking?",
        question="Your table will be given to someone else.",
        confirm_label="Cancel the booking",
        back_url="/bookings/ABC123",
        **extra,  # type: ignore[arg-type]
    )
    assert response.status_code == 200
    return response.content.decode()


def test_confirm_page_posts_to_the_same_path_with_a_csrf_token() -> None:
    html = _page()
    assert '<form method="post" action="/bookings/ABC123/cancel"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Your table will be given to someone else." in html
    assert ">Cancel the booking</button>" in html


def test_confirm_page_carries_hidden_fields_and_names_its_way_back() -> None:
    html = _page(hidden={"status": "cancelled"}, back_label="Keep the booking")
    assert '<input type="hidden" name="status" value="cancelled">' in html
    assert 'href="/bookings/ABC123">Keep the booking</a>' in html


def test_confirm_page_without_a_back_label_says_go_back() -> None:
    assert 'href="/bookings/ABC123">Go back</a>' in _page()
