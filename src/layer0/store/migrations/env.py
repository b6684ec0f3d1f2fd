"""Alembic's entry point: migrations run on the connection layer0 hands over (one locked
transaction, see store.db.migrate); no alembic.ini and no URL of its own."""

from alembic import context

from layer0.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=True)   # SQLite changes tables by copying them
with context.begin_transaction():
    context.run_migrations()
