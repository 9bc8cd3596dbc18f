"""Alembic environment: runs on the engine that ``dashboard.db.migrate`` hands over."""

from alembic import context

from dashboard.models import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
    )
    context.run_migrations()
