-- CKAN 2.10-era indexes, applied after the 2.9 era's constraints.sql (as a 2.10 pg_dump shows them).

CREATE INDEX idx_view_resource_id ON resource_view USING btree (resource_id);

-- At most one active user per e-mail address.
CREATE UNIQUE INDEX idx_only_one_active_email ON "user" USING btree (email, state) WHERE (state = 'active'::text);
