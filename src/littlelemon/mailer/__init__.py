"""E-mail through an outbox: writers put raw messages in a DynamoDB table, a mailer sends them."""
