"""Table bookings: one small Lambda function per transaction, storing in DynamoDB."""
