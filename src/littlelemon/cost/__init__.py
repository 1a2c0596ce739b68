"""The cost model: price the synthesized templates with a us-east-1 price table and usage."""
