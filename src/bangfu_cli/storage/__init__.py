"""Everything that knows about the database: SQLModel tables, the engine and its pragmas,
migrations, and the queries (repository). SQLite-specific SQL lives here and nowhere else."""
