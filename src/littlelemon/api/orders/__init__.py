"""Orders: checkout of the cart, delivery by the crew, management by managers."""
