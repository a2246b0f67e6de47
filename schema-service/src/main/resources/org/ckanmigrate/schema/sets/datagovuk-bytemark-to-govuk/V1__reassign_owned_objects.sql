-- Objects owned by the old host's superuser role move to the application role.
-- Skipped when either role is missing on the target: a missing role owns nothing here.
DO $$
BEGIN
  IF '${owner_from}' <> ''
     AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${owner_from}')
     AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${owner_to}') THEN
    EXECUTE format('REASSIGN OWNED BY %I TO %I', '${owner_from}', '${owner_to}');
  END IF;
END
$$;
