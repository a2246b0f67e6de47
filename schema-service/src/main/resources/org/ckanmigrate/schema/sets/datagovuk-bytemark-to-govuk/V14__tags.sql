-- The tags decision (run spec schema.tags): 'keep' leaves the tag tables alone (what the HEAD
-- version of the original script did); 'delete' empties them, as data.gov.uk's restore did by
-- restoring package_tag, tag and package_tag_revision schema-only.
DO $$
BEGIN
  IF '${tags}' = 'delete' THEN
    IF to_regclass('package_tag_revision') IS NOT NULL THEN
      DELETE FROM package_tag_revision;
    END IF;
    DELETE FROM package_tag;
    DELETE FROM tag;
  ELSIF '${tags}' <> 'keep' THEN
    RAISE EXCEPTION 'tags must be keep or delete, not %', '${tags}';
  END IF;
END
$$;
