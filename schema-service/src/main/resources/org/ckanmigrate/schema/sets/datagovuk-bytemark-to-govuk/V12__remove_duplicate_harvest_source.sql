-- A duplicated harvest source fails validation when ckanext-harvest creates its dataset; it goes,
-- with its objects and jobs. Skipped when ckanext-harvest's tables are absent.
DO $$
BEGIN
  IF to_regclass('harvest_source') IS NOT NULL THEN
    IF to_regclass('harvest_object_extra') IS NOT NULL THEN
      DELETE FROM harvest_object_extra WHERE harvest_object_id IN (
        SELECT id FROM harvest_object WHERE harvest_source_id = '${duplicate_harvest_source_id}');
    END IF;
    DELETE FROM harvest_object WHERE harvest_source_id = '${duplicate_harvest_source_id}';
    DELETE FROM harvest_job WHERE source_id = '${duplicate_harvest_source_id}';
    DELETE FROM harvest_source WHERE id = '${duplicate_harvest_source_id}';
  END IF;
END
$$;
