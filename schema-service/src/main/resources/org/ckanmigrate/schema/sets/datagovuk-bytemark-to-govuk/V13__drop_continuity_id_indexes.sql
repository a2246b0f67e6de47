-- CKAN's migration 080 creates these indexes and fails when they already exist; the upgrade
-- rebuilds them.
DROP INDEX IF EXISTS idx_resource_continuity_id;
DROP INDEX IF EXISTS idx_member_continuity_id;
DROP INDEX IF EXISTS idx_package_continuity_id;
DROP INDEX IF EXISTS idx_package_extra_continuity_id;
