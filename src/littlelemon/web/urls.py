"""URL routes of the web site."""

from __future__ import annotations

from django.urls import path

from littlelemon.web.views import account, bookings, errors, health, public, shop, staff

handler404 = errors.not_found
handler500 = errors.server_error

urlpatterns = [
    path("health", health.health, name="health"),
    path("", public.home, name="home"),
    path("menu", public.menu, name="menu"),
    path("menu/<int:item_id>", public.dish, name="dish"),
    path("signup", account.signup, name="signup"),
    path("login", account.login_view, name="login"),
    path("logout", account.logout_view, name="logout"),
    path("account", account.account, name="account"),
    path("account/edit", account.account_edit, name="account-edit"),
    path("account/password", account.password_change, name="password-change"),
    path("account/reset", account.password_reset, name="password-reset"),
    path("account/reset/sent", account.password_reset_sent, name="password-reset-sent"),
    path(
        "account/reset/<str:uid>/<str:token>",
        account.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("menu/<int:item_id>/add", shop.cart_add, name="cart-add"),
    path("cart", shop.cart, name="cart"),
    path("cart/clear", shop.cart_clear, name="cart-clear"),
    path("cart/<int:line_id>", shop.cart_line_update, name="cart-line-update"),
    path("cart/<int:line_id>/remove", shop.cart_line_remove, name="cart-line-remove"),
    path("checkout", shop.checkout, name="checkout"),
    path("orders", shop.orders, name="orders"),
    path("orders/<int:order_id>", shop.order, name="order"),
    path("orders/<int:order_id>/assign", shop.order_assign, name="order-assign"),
    path("orders/<int:order_id>/delivered", shop.order_delivered, name="order-delivered"),
    path("orders/<int:order_id>/state", shop.order_state, name="order-state"),
    path("orders/<int:order_id>/cancel", shop.order_cancel, name="order-cancel"),
    path("bookings", bookings.bookings, name="bookings"),
    path("bookings/new", bookings.booking_new, name="booking-new"),
    path("bookings/<str:booking_id>", bookings.booking, name="booking"),
    path("bookings/<str:booking_id>/cancel", bookings.booking_cancel, name="booking-cancel"),
    path("manage/menu", staff.menu_items, name="manage-menu"),
    path("manage/menu/<int:item_id>", staff.menu_item_edit, name="manage-menu-edit"),
    path(
        "manage/menu/<int:item_id>/toggle/<str:switch>",
        staff.menu_item_toggle,
        name="manage-menu-toggle",
    ),
    path("manage/menu/<int:item_id>/delete", staff.menu_item_delete, name="manage-menu-delete"),
    path("manage/categories", staff.categories, name="manage-categories"),
    path("manage/categories/<int:category_id>", staff.category_edit, name="manage-category-edit"),
    path(
        "manage/categories/<int:category_id>/delete",
        staff.category_delete,
        name="manage-category-delete",
    ),
    path("manage/staff", staff.staff, name="manage-staff"),
    path("manage/menu/<int:item_id>/photo", staff.menu_item_photo, name="manage-menu-photo"),
    path(
        "manage/staff/<str:group>/<int:user_id>/remove",
        staff.staff_remove,
        name="manage-staff-remove",
    ),
    path("manage/bookings", bookings.bookings_of_day, name="manage-bookings"),
    path(
        "manage/bookings/<str:booking_id>/status",
        bookings.booking_mark,
        name="manage-booking-mark",
    ),
]
