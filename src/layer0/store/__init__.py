"""Persistent user data. Today: the candidate records read from the news, as JSON files in a
folder (`candidates`). Only the services layer imports this package."""
