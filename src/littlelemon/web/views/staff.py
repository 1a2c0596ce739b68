"""Manager pages: the menu, its categories and the staff (managers and delivery crew)."""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from littlelemon.contract.roles import DELIVERY_CREW, MANAGER, ROLE_GROUPS, ROLE_LABELS
from littlelemon.web.auth import api_client, manager_required
from littlelemon.web.client import (
    ApiClient,
    ApiConflictError,
    ApiValidationError,
    Category,
    MenuItem,
)
from littlelemon.web.forms import (
    CategoryForm,
    DishPhotoForm,
    MenuItemForm,
    StaffAddForm,
    StaffSearchForm,
    apply_api_errors,
    posted,
)
from littlelemon.web.views.confirm import confirm_page

SAVED_MESSAGE = "Saved “{title}”."
PHOTO_SAVED_MESSAGE = "The photo of “{title}” is saved."
PHOTO_REMOVED_MESSAGE = "The photo of “{title}” is removed."
DELETED_MESSAGE = "Deleted “{title}”."
STAFF_ADDED_MESSAGE = "{username} is now in {group}."
STAFF_REMOVED_MESSAGE = "{username} is no longer in {group}."
MANAGE_PAGE_SIZE = 100
MENU_ITEM_SWITCHES = frozenset({"featured", "available"})


def _category_choices(categories: list[Category]) -> list[tuple[int, str]]:
    return [(category.id, category.title) for category in categories]


def _edit_page(
    request: HttpRequest, *, title: str, form: Form, action: str, back: tuple[str, str]
) -> HttpResponse:
    """The shared edit page of a dish or a category; 400 while the form has errors."""
    back_url_name, back_label = back
    context = {
        "title": title,
        "form": form,
        "action": action,
        "back_url": reverse(back_url_name),
        "back_label": back_label,
    }
    return render(request, "web/manage/edit.html", context, status=400 if form.errors else 200)


@manager_required
@require_http_methods(["GET", "POST"])
def menu_items(request: HttpRequest) -> HttpResponse:
    """Every dish with its actions, and the form that adds one."""
    client = api_client(request)
    categories = client.menu.categories()
    form = MenuItemForm(posted(request), categories=_category_choices(categories))
    if request.method == "POST" and form.is_valid():
        try:
            item = client.menu.item_create(**form.api_fields())
        except ApiValidationError as error:
            apply_api_errors(form, error)
        else:
            messages.success(request, SAVED_MESSAGE.format(title=item.title))
            return HttpResponseRedirect(reverse("manage-menu"))
    items = client.menu.items(ordering="title", page_size=MANAGE_PAGE_SIZE).results
    context = {"items": items, "form": form}
    return render(request, "web/manage/menu.html", context, status=400 if form.errors else 200)


@manager_required
@require_http_methods(["GET", "POST"])
def menu_item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    client = api_client(request)
    item = client.menu.item(item_id)
    categories = _category_choices(client.menu.categories())
    initial = {name: getattr(item, name) for name in MenuItemForm.base_fields}
    form = MenuItemForm(posted(request), initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            item = client.menu.item_update(item_id, **form.api_fields())
        except ApiValidationError as error:
            apply_api_errors(form, error)
        else:
            messages.success(request, SAVED_MESSAGE.format(title=item.title))
            return HttpResponseRedirect(reverse("manage-menu"))
    return _dish_page(request, item, form, DishPhotoForm())


def _dish_page(
    request: HttpRequest, item: MenuItem, form: MenuItemForm, photo_form: DishPhotoForm
) -> HttpResponse:
    context = {"item": item, "form": form, "photo_form": photo_form}
    status = 400 if form.errors or photo_form.errors else 200
    return render(request, "web/manage/dish_edit.html", context, status=status)


@manager_required
@require_POST
def menu_item_photo(request: HttpRequest, item_id: int) -> HttpResponse:
    """Upload (multipart, forwarded to the API as is) or remove a dish photo."""
    client = api_client(request)
    item = client.menu.item(item_id)
    if request.POST.get("remove"):
        client.menu.image_delete(item_id)
        messages.success(request, PHOTO_REMOVED_MESSAGE.format(title=item.title))
        return HttpResponseRedirect(reverse("manage-menu-edit", args=[item_id]))
    photo_form = DishPhotoForm(request.POST, request.FILES)
    if photo_form.is_valid():
        photo = photo_form.cleaned_data["image"]
        try:
            item = client.menu.image_upload(
                item_id, filename=photo.name, content=photo.read(), content_type=photo.content_type
            )
        except ApiValidationError as error:
            apply_api_errors(photo_form, error)
        else:
            messages.success(request, PHOTO_SAVED_MESSAGE.format(title=item.title))
            return HttpResponseRedirect(reverse("manage-menu-edit", args=[item_id]))
    categories = _category_choices(client.menu.categories())
    initial = {name: getattr(item, name) for name in MenuItemForm.base_fields}
    return _dish_page(
        request, item, MenuItemForm(initial=initial, categories=categories), photo_form
    )


@manager_required
@require_POST
def menu_item_toggle(request: HttpRequest, item_id: int, switch: str) -> HttpResponse:
    """Flip `featured` (shown on the home page) or `available` (can be ordered today)."""
    if switch not in MENU_ITEM_SWITCHES:
        return HttpResponseRedirect(reverse("manage-menu"))
    client = api_client(request)
    item = client.menu.item(item_id)
    item = client.menu.item_update(item_id, **{switch: not getattr(item, switch)})
    messages.success(request, SAVED_MESSAGE.format(title=item.title))
    return HttpResponseRedirect(reverse("manage-menu"))


@manager_required
@require_http_methods(["GET", "POST"])
def menu_item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    """GET asks to confirm; POST deletes (placed orders keep their copy of the dish)."""
    client = api_client(request)
    item = client.menu.item(item_id)
    if request.method == "GET":
        return confirm_page(
            request,
            title=f"Delete “{item.title}”?",
            question="The dish leaves the menu and every cart. Orders already placed keep it.",
            confirm_label="Delete the dish",
            back_url=reverse("manage-menu"),
        )
    client.menu.item_delete(item_id)
    messages.success(request, DELETED_MESSAGE.format(title=item.title))
    return HttpResponseRedirect(reverse("manage-menu"))


@manager_required
@require_http_methods(["GET", "POST"])
def categories(request: HttpRequest) -> HttpResponse:
    client = api_client(request)
    form = CategoryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            category = client.menu.category_create(**form.cleaned_data)
        except (ApiValidationError, ApiConflictError) as error:
            apply_api_errors(form, error)
        else:
            messages.success(request, SAVED_MESSAGE.format(title=category.title))
            return HttpResponseRedirect(reverse("manage-categories"))
    context = {"categories": client.menu.categories(), "form": form}
    status = 400 if form.errors else 200
    return render(request, "web/manage/categories.html", context, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, category_id: int) -> HttpResponse:
    client = api_client(request)
    category = client.menu.category(category_id)
    initial = {"title": category.title, "slug": category.slug}
    form = CategoryForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            category = client.menu.category_update(category_id, **form.cleaned_data)
        except (ApiValidationError, ApiConflictError) as error:
            apply_api_errors(form, error)
        else:
            messages.success(request, SAVED_MESSAGE.format(title=category.title))
            return HttpResponseRedirect(reverse("manage-categories"))
    return _edit_page(
        request,
        title=category.title,
        form=form,
        action=reverse("manage-category-edit", args=[category_id]),
        back=("manage-categories", "Categories"),
    )


@manager_required
@require_http_methods(["GET", "POST"])
def category_delete(request: HttpRequest, category_id: int) -> HttpResponse:
    client = api_client(request)
    category = client.menu.category(category_id)
    if request.method == "GET":
        return confirm_page(
            request,
            title=f"Delete the category “{category.title}”?",
            question="Only an empty category can be deleted: move or delete its dishes first.",
            confirm_label="Delete the category",
            back_url=reverse("manage-categories"),
        )
    try:
        client.menu.category_delete(category_id)
    except (ApiValidationError, ApiConflictError) as error:
        # A category that still holds dishes cannot go: say so instead of failing.
        messages.error(request, error.detail)
    else:
        messages.success(request, DELETED_MESSAGE.format(title=category.title))
    return HttpResponseRedirect(reverse("manage-categories"))


def _staff_context(
    request: HttpRequest, client: ApiClient, form: StaffAddForm
) -> dict[str, object]:
    members = {group: client.accounts.group_members(group) for group in ROLE_GROUPS}
    search = StaffSearchForm(request.GET or None)
    found = client.accounts.search_users(search.cleaned_data["q"]) if search.is_valid() else None
    return {
        "managers": members[MANAGER],
        "crew": members[DELIVERY_CREW],
        "form": form,
        "search": search,
        "found": found,
        "role_labels": ROLE_LABELS,
    }


@manager_required
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest) -> HttpResponse:
    """The staff by role, a user search, and adding the chosen person to a role."""
    client = api_client(request)
    form = StaffAddForm(posted(request))
    if request.method == "POST" and form.is_valid():
        group, username = form.cleaned_data["group"], form.cleaned_data["username"]
        try:
            client.accounts.group_add(group, username=username)
        except (ApiValidationError, ApiConflictError) as error:
            apply_api_errors(form, error)
        else:
            label = ROLE_LABELS[group]
            messages.success(request, STAFF_ADDED_MESSAGE.format(username=username, group=label))
            return HttpResponseRedirect(reverse("manage-staff"))
    status = 400 if form.errors else 200
    context = _staff_context(request, client, form)
    return render(request, "web/manage/staff.html", context, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def staff_remove(request: HttpRequest, group: str, user_id: int) -> HttpResponse:
    """GET asks to confirm; POST removes. The API refuses to drop oneself or the last manager."""
    if group not in ROLE_GROUPS:
        return HttpResponseRedirect(reverse("manage-staff"))
    client = api_client(request)
    username = request.POST.get("username") or request.GET.get("username") or f"User {user_id}"
    label = ROLE_LABELS[group]
    if request.method == "GET":
        return confirm_page(
            request,
            title=f"Remove {username} from {label.lower()}s?",
            question=f"{username} keeps their account; their pages change within 15 minutes, "
            "without logging out.",
            confirm_label="Remove",
            back_url=reverse("manage-staff"),
            hidden={"username": username},
        )
    try:
        client.accounts.group_remove(group, user_id)
    except (ApiConflictError, ApiValidationError) as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, STAFF_REMOVED_MESSAGE.format(username=username, group=label))
    return HttpResponseRedirect(reverse("manage-staff"))
