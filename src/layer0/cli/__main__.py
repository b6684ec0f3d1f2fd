"""`python -m layer0.cli`: the command line."""

from layer0.cli import main

main()
