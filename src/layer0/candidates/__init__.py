"""Candidate records read from the news: events -> records, merging the same fact, and the
accepted project records as rows of projects.csv."""
