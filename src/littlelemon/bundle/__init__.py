"""Deployment artifacts: Lambda zips for the api and bookings functions, the web bundle."""
