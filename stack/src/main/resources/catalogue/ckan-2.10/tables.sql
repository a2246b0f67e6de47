-- CKAN 2.10-era core schema (alembic head 9f33a0280c51, 2.10.x), applied after the 2.9 era's
-- tables.sql: 2.10's alembic migrations add two columns, at the end of their tables, which is where a
-- 2.10 pg_dump shows them (the gold set's ckan-db.sql), and the two indexes of constraints.sql.

-- 101 d111f446733b: the last time a user was active (set on login and on API use).
ALTER TABLE "user" ADD COLUMN last_active timestamp without time zone;

-- A later 2.10 migration: data plugins keep on a dataset; package_show returns it only on request, so
-- it is never part of a search document.
ALTER TABLE package ADD COLUMN plugin_data jsonb;
