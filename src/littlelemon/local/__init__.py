"""Running the whole system on one machine: data directory, local secrets, process supervision."""
