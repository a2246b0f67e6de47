-- Deprecated extras that listed resources a second time. A 2.2-era database keeps their history
-- in package_extra_revision, whose continuity_id references them: that history goes first (the
-- original script assumed no such rows and fails on a database that has them).
DO $$
BEGIN
  IF to_regclass('package_extra_revision') IS NOT NULL THEN
    DELETE FROM package_extra_revision
    WHERE continuity_id IN (
      SELECT id FROM package_extra
      WHERE key IN ('individual_resources', 'additional_resources', 'timeseries_resources'));
  END IF;
END
$$;

DELETE FROM package_extra
WHERE key IN ('individual_resources', 'additional_resources', 'timeseries_resources');
