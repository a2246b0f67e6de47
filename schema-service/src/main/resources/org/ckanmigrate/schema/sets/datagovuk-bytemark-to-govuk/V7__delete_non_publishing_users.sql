-- Users who neither are sysadmins nor admin/edit any publisher are removed, with their old role
-- rows (cascade). Sysadmins are kept here; they are recorded in the ledger before any script.
DELETE FROM "user"
WHERE sysadmin <> true
  AND id NOT IN (
    SELECT DISTINCT table_id FROM member
    WHERE table_name = 'user'
      AND capacity IN ('admin', 'editor')
      AND table_id IS NOT NULL);
