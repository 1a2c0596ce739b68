"""The deploy path's own tools: toolchain checks, freshness of builds, preflight, verify."""
