"""`python -m clausegraph`."""

from clausegraph.cli import main

main()
