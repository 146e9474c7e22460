"""clausegraph."""
