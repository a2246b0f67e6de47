-- Harvester type names of the old ckanext-harvest/dgu harvesters become the current ones; DKAN
-- sources are read through their data.json. Skipped when ckanext-harvest's tables are absent.
DO $$
BEGIN
  IF to_regclass('harvest_source') IS NOT NULL THEN
    UPDATE harvest_source SET type = 'single-doc' WHERE type = 'gemini-single';
    UPDATE harvest_source SET type = 'csw' WHERE type = 'gemini-csw';
    UPDATE harvest_source SET type = 'waf' WHERE type = 'gemini-waf';
    UPDATE harvest_source SET type = 'dcat_json' WHERE type = 'data_json';
    UPDATE harvest_source SET url = url || '/data.json', type = 'dcat_json' WHERE type = 'dkan';
  END IF;
END
$$;
