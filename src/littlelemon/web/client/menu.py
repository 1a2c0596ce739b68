"""Menu calls: dishes and categories (reads are public, writes need a manager)."""

from __future__ import annotations

from typing import Any

from littlelemon.web.client.models import Category, CategoryPage, MenuItem, MenuItemPage, Page
from littlelemon.web.client.transport import MAX_PAGE_SIZE, Endpoints, page_params, parse


class MenuEndpoints(Endpoints):
    """`/api/menu-items` and `/api/categories`."""

    def categories(self) -> list[Category]:
        params = {"page_size": MAX_PAGE_SIZE}
        envelope = self.requester.get(CategoryPage, "/api/categories", params=params, auth=False)
        return list(envelope.results)

    def category(self, category_id: int) -> Category:
        return self.requester.get(Category, f"/api/categories/{category_id}", auth=False)

    def items(
        self,
        *,
        category: str = "",
        search: str = "",
        ordering: str = "",
        featured: bool = False,
        page: int = 1,
        page_size: int = 12,
    ) -> Page[MenuItem]:
        params = page_params(page, page_size)
        optional = {"category": category, "search": search, "ordering": ordering}
        params.update({name: value for name, value in optional.items() if value})
        if featured:
            params["featured"] = "true"
        envelope = self.requester.get(MenuItemPage, "/api/menu-items", params=params, auth=False)
        return Page.of(envelope, page=page, page_size=params["page_size"])

    def sold_out_ids(self) -> frozenset[int]:
        """Ids of the dishes not available today (one page: a small menu has few)."""
        params = {"available": "false", "page_size": MAX_PAGE_SIZE}
        envelope = self.requester.get(MenuItemPage, "/api/menu-items", params=params, auth=False)
        return frozenset(item.id for item in envelope.results)

    def item(self, item_id: int) -> MenuItem:
        return self.requester.get(MenuItem, f"/api/menu-items/{item_id}", auth=False)

    def item_create(self, **fields: Any) -> MenuItem:
        return parse(MenuItem, self.requester.request("POST", "/api/menu-items", json=fields))

    def item_update(self, item_id: int, **fields: Any) -> MenuItem:
        response = self.requester.request("PATCH", f"/api/menu-items/{item_id}", json=fields)
        return parse(MenuItem, response)

    def item_delete(self, item_id: int) -> None:
        self.requester.request("DELETE", f"/api/menu-items/{item_id}")

    def image_upload(
        self, item_id: int, *, filename: str, content: bytes, content_type: str
    ) -> MenuItem:
        """Send a dish photo on to the API (multipart field `image`); it validates the bytes."""
        files = {"image": (filename, content, content_type)}
        path = f"/api/menu-items/{item_id}/image"
        return parse(MenuItem, self.requester.request("PUT", path, files=files))

    def image_delete(self, item_id: int) -> None:
        self.requester.request("DELETE", f"/api/menu-items/{item_id}/image")

    def category_create(self, *, title: str, slug: str) -> Category:
        body = {"title": title, "slug": slug}
        return parse(Category, self.requester.request("POST", "/api/categories", json=body))

    def category_update(self, category_id: int, *, title: str, slug: str) -> Category:
        body = {"title": title, "slug": slug}
        response = self.requester.request("PATCH", f"/api/categories/{category_id}", json=body)
        return parse(Category, response)

    def category_delete(self, category_id: int) -> None:
        self.requester.request("DELETE", f"/api/categories/{category_id}")
