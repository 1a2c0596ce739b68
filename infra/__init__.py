"""The AWS CDK app of Little Lemon: stacks, constructs and the typed configuration."""
