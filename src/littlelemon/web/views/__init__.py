"""The site's pages, one module per audience: public, account, shop, staff, bookings."""
