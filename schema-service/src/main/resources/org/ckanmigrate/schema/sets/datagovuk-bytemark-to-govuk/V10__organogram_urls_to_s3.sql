-- Legacy organogram CSVs were copied to S3; their URLs follow. Only active CSV resources under
-- .../organogram/ of datasets whose schema-vocabulary is one of the organogram schemas (stored as
-- a JSON list of one id). A 2.2-era resource reaches its dataset through resource_group; later
-- schemas have resource.package_id.
DO $$
DECLARE
  via_group boolean := NOT EXISTS (
    SELECT 1 FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'resource' AND column_name = 'package_id');
  dataset_of_resource text := CASE WHEN via_group
    THEN '(SELECT rg.package_id FROM resource_group rg WHERE rg.id = r.resource_group_id)'
    ELSE 'r.package_id' END;
BEGIN
  EXECUTE format($sql$
    UPDATE resource r
    SET url = replace(r.url, %1$L, %2$L)
    WHERE r.url LIKE %3$L
      AND r.state = 'active'
      AND r.format = 'CSV'
      AND EXISTS (
        SELECT 1 FROM package_extra pe
        WHERE pe.package_id = %4$s
          AND pe.key = 'schema-vocabulary'
          AND pe.value IN (
            SELECT '["' || btrim(id) || '"]'
            FROM unnest(string_to_array(%5$L, ',')) AS id))
    $sql$,
    '${organogram_old_prefix}',
    '${organogram_new_prefix}',
    '${organogram_old_prefix}' || 'organogram/%',
    dataset_of_resource,
    '${organogram_schema_ids}');
END
$$;
