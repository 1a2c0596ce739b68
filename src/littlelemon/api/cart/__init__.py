"""The cart: a customer's lines (dish and quantity) before checkout."""
