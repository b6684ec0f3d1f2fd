"""`python -m layer0`: the command line."""

from layer0.cli import main

main()
