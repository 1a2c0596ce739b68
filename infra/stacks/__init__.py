"""The stacks of the app: stateful ones (network, data) apart from the stateless ones."""
