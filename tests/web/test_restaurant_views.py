"""The pages a real restaurant needs (issue 11): orders with states, rider and manager tools,
dish photos, staff search, profile and password pages."""

from __future__ import annotations

import json

import respx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings
from web_fakes import menu_item, paginated, placed_order, profile, user

from littlelemon.web.forms import PHOTO_TOO_LARGE_MESSAGE
from littlelemon.web.views.account import (
    PASSWORD_CHANGED_MESSAGE,
    PROFILE_SAVED_MESSAGE,
    RESET_LINK_INVALID_MESSAGE,
)
from littlelemon.web.views.shop import ORDER_CANCELLED_MESSAGE

CATEGORIES = paginated([{"id": 1, "slug": "mains", "title": "Mains"}])
CREW = [user(2, "crew", groups=["delivery-crew"])]
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_an_open_order_shows_progress_local_time_eta_and_refreshes_itself_when_asked(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/orders/7").respond(200, json=placed_order(7, state="preparing"))

    still = client.get("/orders/7").content.decode()
    html = client.get("/orders/7", {"live": "1"}).content.decode()

    assert 'http-equiv="refresh"' not in still
    assert 'href="/orders/7?live=1"' in still
    assert '<meta http-equiv="refresh" content="30">' in html
    assert '<a href="/orders/7">Stop updating</a>' in html
    assert '<li class="done">Received<span class="visually-hidden"> (done)</span></li>' in html
    assert '<li class="done" aria-current="step">Preparing</li>' in html
    assert '<li class="">Ready</li>' in html
    # 18:05 UTC is 12:05 in Chicago in January; the ETA 18:50 UTC is 12:50.
    assert "Jan 2, 2030, 12:05 p.m. CST" in html
    assert "around <time" in html
    assert "12:50 p.m.</time>" in html
    assert 'href="/orders/7/cancel"' in html


def test_a_delivered_order_stops_refreshing_and_cannot_be_cancelled(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/orders/7").respond(200, json=placed_order(7, state="delivered"))

    html = client.get("/orders/7", {"live": "1"}).content.decode()

    assert 'http-equiv="refresh"' not in html
    assert "live=1" not in html
    assert "/orders/7/cancel" not in html


def test_cancelling_asks_first_then_sends_the_state(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/orders/7").respond(200, json=placed_order(7, state="ready"))
    cancel = api.patch("/api/orders/7").respond(200, json=placed_order(7, state="cancelled"))

    page = client.get("/orders/7/cancel").content.decode()
    assert not cancel.called
    response = client.post("/orders/7/cancel", follow=True)

    assert "Cancel order #7?" in page
    assert json.loads(cancel.calls.last.request.read()) == {"state": "cancelled"}
    assert ORDER_CANCELLED_MESSAGE.format(id=7) in response.content.decode()


def test_a_late_cancel_shows_the_api_reason(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/api/orders/7").respond(200, json=placed_order(7, state="out_for_delivery"))
    reason = "This order is already out for delivery and can no longer be cancelled."
    api.patch("/api/orders/7").respond(409, json={"detail": reason, "code": "too_late_to_cancel"})

    response = client.post("/orders/7/cancel", follow=True)

    assert reason in response.content.decode()


def test_managers_filter_orders_by_restaurant_day_and_state(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    listing = api.get("/api/orders").respond(200, json=paginated([placed_order(3)]))

    html = client.get("/orders", {"date": "2030-01-02", "state": "preparing"}).content.decode()

    params = listing.calls.last.request.url.params
    assert (params["date"], params["state"]) == ("2030-01-02", "preparing")
    assert 'href="tel:+13125550100"' in html
    assert "google.com/maps/search/?api=1&amp;query=12%20Lemon%20St%0AChicago" in html


def test_an_unknown_state_filter_is_ignored_not_forwarded(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    listing = api.get("/api/orders").respond(200, json=paginated([]))

    client.get("/orders", {"state": "lost"})

    assert "state" not in listing.calls.last.request.url.params


def test_riders_see_what_is_left_to_deliver_first_with_map_and_call_links(
    client: Client, api: respx.MockRouter, crew: dict[str, str]
) -> None:
    done = placed_order(9, state="delivered", delivery_crew=2, delivery_crew_username="crew")
    later = placed_order(8, state="ready", delivery_crew=2, placed_at="2030-01-02T19:00:00Z")
    first = placed_order(5, state="ready", delivery_crew=2, placed_at="2030-01-02T17:00:00Z")
    api.get("/api/orders").respond(200, json=paginated([done, later, first]))

    html = client.get("/orders").content.decode()

    assert html.index('href="/orders/5"') < html.index('href="/orders/8"')
    assert html.index('href="/orders/8"') < html.index('href="/orders/9"')
    assert 'On my way<span class="visually-hidden"> with #5' in html
    assert 'href="tel:+13125550100"' in html


def test_a_rider_sets_out_for_delivery(
    client: Client, api: respx.MockRouter, crew: dict[str, str]
) -> None:
    update = api.patch("/api/orders/5").respond(
        200, json=placed_order(5, state="out_for_delivery", delivery_crew=2)
    )

    response = client.post("/orders/5/state", {"state": "out_for_delivery", "from": "list"})

    assert json.loads(update.calls.last.request.read()) == {"state": "out_for_delivery"}
    assert response["Location"] == "/orders"


def test_a_manager_moves_an_order_to_the_next_kitchen_step(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/orders/7").respond(200, json=placed_order(7, state="received"))
    api.get("/api/groups/delivery-crew/users").respond(200, json=CREW)

    html = client.get("/orders/7").content.decode()

    assert '<input type="hidden" name="state" value="preparing">' in html
    assert "Mark preparing" in html


def test_dish_photos_are_forwarded_to_the_api_as_multipart(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/menu-items/3").respond(200, json=menu_item(3, title="Moussaka"))
    upload = api.put("/api/menu-items/3/image").respond(
        200, json=menu_item(3, image="http://api.test/media/m.webp")
    )
    photo = SimpleUploadedFile("moussaka.png", PNG, content_type="image/png")

    response = client.post("/manage/menu/3/photo", {"image": photo})

    assert response.status_code == 302
    sent = upload.calls.last.request
    assert sent.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = sent.read()
    assert b'name="image"; filename="moussaka.png"' in body
    assert PNG in body


def test_a_photo_over_the_limit_is_refused_before_the_api(
    client: Client, api: respx.MockRouter, manager: dict[str, str], settings: Settings
) -> None:
    settings.DISH_PHOTO_MAX_BYTES = 32
    api.get("/api/menu-items/3").respond(200, json=menu_item(3))
    api.get("/api/categories").respond(200, json=CATEGORIES)
    upload = api.put("/api/menu-items/3/image").respond(200, json=menu_item(3))

    response = client.post(
        "/manage/menu/3/photo", {"image": SimpleUploadedFile("big.png", PNG, "image/png")}
    )

    assert response.status_code == 400
    assert PHOTO_TOO_LARGE_MESSAGE.format(megabytes=0) in response.content.decode()
    assert not upload.called


def test_the_api_reason_for_a_bad_photo_is_shown(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/menu-items/3").respond(200, json=menu_item(3))
    api.get("/api/categories").respond(200, json=CATEGORIES)
    api.put("/api/menu-items/3/image").respond(
        400, json={"detail": "Invalid input.", "image": ["Upload a JPEG, PNG or WebP picture."]}
    )

    response = client.post(
        "/manage/menu/3/photo", {"image": SimpleUploadedFile("a.png", PNG, "image/png")}
    )

    assert response.status_code == 400
    assert "Upload a JPEG, PNG or WebP picture." in response.content.decode()


def test_dish_form_sends_description_and_tags(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/menu-items/3").respond(200, json=menu_item(3))
    api.get("/api/categories").respond(200, json=CATEGORIES)
    update = api.patch("/api/menu-items/3").respond(200, json=menu_item(3))

    client.post(
        "/manage/menu/3",
        {
            "title": "Falafel",
            "price": "9.00",
            "category": "1",
            "description": "Chickpeas, herbs.",
            "tags": ["vegan", "vegetarian"],
            "available": "on",
        },
    )

    sent = json.loads(update.calls.last.request.read())
    assert sent["description"] == "Chickpeas, herbs."
    assert sent["tags"] == ["vegetarian", "vegan"]


def test_a_category_slug_is_made_from_the_title_when_left_empty(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    create = api.post("/api/categories").respond(
        201, json={"id": 5, "slug": "sweet-things", "title": "Sweet Things"}
    )

    client.post("/manage/categories", {"title": "Sweet Things", "slug": ""})

    assert json.loads(create.calls.last.request.read()) == {
        "title": "Sweet Things",
        "slug": "sweet-things",
    }


def test_staff_are_found_by_search_with_human_role_names_and_no_default_role(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/groups/manager/users").respond(200, json=[user(1, "manager")])
    api.get("/api/groups/delivery-crew/users").respond(200, json=CREW)
    found = {"id": 8, "username": "ben", "first_name": "Ben", "last_name": "Ng"}
    search = api.get("/api/users").respond(200, json=paginated([{**found, "role": "customer"}]))

    html = client.get("/manage/staff", {"q": "ben"}).content.decode()

    assert search.calls.last.request.url.params["search"] == "ben"
    assert "Ben Ng" in html
    assert "Customer" in html
    assert '<option value="">Choose a role</option>' in html
    assert '<option value="delivery-crew">Delivery rider</option>' in html
    assert "selected" not in html


def test_adding_without_choosing_a_role_is_refused(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/api/groups/manager/users").respond(200, json=[])
    api.get("/api/groups/delivery-crew/users").respond(200, json=[])
    add = api.post("/api/groups/manager/users").respond(201, json=user(8, "ben"))

    response = client.post("/manage/staff", {"group": "", "username": "ben"})

    assert response.status_code == 400
    assert not add.called


def test_removing_staff_asks_first_and_shows_why_the_api_refuses(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    reason = "You cannot remove yourself from the managers."
    remove = api.delete("/api/groups/manager/users/1").respond(
        409, json={"detail": reason, "code": "self_removal"}
    )
    api.get("/api/groups/manager/users").respond(200, json=[user(1, "manager")])
    api.get("/api/groups/delivery-crew/users").respond(200, json=[])

    page = client.get("/manage/staff/manager/1/remove", {"username": "manager"}).content.decode()
    assert not remove.called
    response = client.post("/manage/staff/manager/1/remove", {"username": "manager"}, follow=True)

    assert "Remove manager from managers?" in page
    assert reason in response.content.decode()


def test_profile_edit_sends_the_changes_and_shows_field_errors(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/auth/users/me/").respond(200, json=profile())
    message = "Enter a phone number with its country code, e.g. +1 312 555 0100."
    patch = api.patch("/auth/users/me/").mock(
        side_effect=[
            respx.MockResponse(400, json={"detail": "Invalid input.", "phone": [message]}),
            respx.MockResponse(200, json=profile(phone="+13125550199")),
        ]
    )
    form = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "phone": "555",
        "address": "12 Lemon St",
    }

    refused = client.post("/account/edit", form)
    saved = client.post("/account/edit", {**form, "phone": "+1 312 555 0199"}, follow=True)

    assert refused.status_code == 400
    assert message in refused.content.decode()
    assert json.loads(patch.calls.last.request.read())["phone"] == "+1 312 555 0199"
    assert PROFILE_SAVED_MESSAGE in saved.content.decode()


def test_password_change_maps_a_wrong_current_password_to_its_field(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/auth/users/me/").respond(200, json=profile())
    api.post("/auth/users/set_password/").mock(
        side_effect=[
            respx.MockResponse(
                400, json={"detail": "Invalid input.", "current_password": ["Invalid password."]}
            ),
            respx.MockResponse(204),
        ]
    )
    form = {
        "current_password": "wrong-one-1",
        "new_password": "lemon-grove-77",
        "new_password_again": "lemon-grove-77",
    }

    refused = client.post("/account/password", form)
    changed = client.post("/account/password", form, follow=True)

    assert refused.status_code == 400
    assert "Invalid password." in refused.content.decode()
    assert PASSWORD_CHANGED_MESSAGE in changed.content.decode()


def test_a_reset_request_reads_the_same_whether_or_not_the_address_is_known(
    client: Client, api: respx.MockRouter
) -> None:
    reset = api.post("/auth/users/reset_password/").respond(204)

    response = client.post("/account/reset", {"email": "nobody@example.com"}, follow=True)

    assert json.loads(reset.calls.last.request.read()) == {"email": "nobody@example.com"}
    assert response.redirect_chain == [("/account/reset/sent", 302)]
    html = response.content.decode()
    assert "If an account uses that address" in html
    assert "nobody@example.com" not in html


def test_a_used_or_expired_reset_link_says_so_and_offers_a_new_one(
    client: Client, api: respx.MockRouter
) -> None:
    confirm = api.post("/auth/users/reset_password_confirm/").respond(
        400, json={"detail": "Invalid input.", "token": ["Invalid token for given user."]}
    )
    form = {"new_password": "lemon-grove-77", "new_password_again": "lemon-grove-77"}

    response = client.post("/account/reset/MQ/abc-123", form)

    sent = json.loads(confirm.calls.last.request.read())
    assert sent == {"uid": "MQ", "token": "abc-123", "new_password": "lemon-grove-77"}
    assert response.status_code == 400
    assert RESET_LINK_INVALID_MESSAGE in response.content.decode()


def test_a_role_change_shows_on_the_account_page_without_logging_out(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/auth/users/me/").respond(
        200, json=profile(groups=["delivery-crew"], role="delivery-crew")
    )

    response = client.get("/account", follow=True)

    html = response.content.decode()
    assert "Delivery rider" in html
    assert ">My deliveries</a>" in html


def test_menu_cards_have_lazy_photos_descriptions_tags_and_an_add_button(
    client: Client, api: respx.MockRouter, customer: dict[str, str], settings: Settings
) -> None:
    api.get("/api/categories").respond(200, json=CATEGORIES)
    dish = menu_item(
        1,
        title="Falafel",
        description="Chickpeas and herbs.",
        tags=["vegan", "gluten-free"],
        image="http://api.test/media/f.webp",
        image_thumbnail="http://api.test/media/f-480.webp",
    )
    api.get("/api/menu-items").respond(200, json=paginated([dish]))

    response = client.get("/menu")

    html = response.content.decode()
    assert '<h2 id="category-mains">Mains</h2>' in html
    assert (
        '<img class="dish-photo" src="http://api.test/media/f-480.webp" alt="Photo of Falafel" '
        'width="480" height="320" loading="lazy" decoding="async">'
    ) in html
    assert "Chickpeas and herbs." in html
    assert '<li class="tag">Vegan</li><li class="tag">Gluten-free</li>' in html
    assert 'Add<span class="visually-hidden"> Falafel to the cart</span>' in html
    assert '<a href="/menu" aria-current="page">Menu</a>' in html
    # The photos' origin (by default the API's own) is the only other image source allowed.
    media = " ".join(settings.MEDIA_ORIGINS)
    assert media.startswith("http")
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert f"img-src 'self' data: {media}" in directives
