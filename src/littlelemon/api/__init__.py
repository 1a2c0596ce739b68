"""The Little Lemon REST API: a Django project (menu, cart, orders, accounts) served on Lambda."""
