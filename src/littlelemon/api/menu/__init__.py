"""The menu: categories and menu items."""
