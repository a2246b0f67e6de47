-- Every sysadmin but the kept account is demoted. The original compared fullname <> '...', which
-- skips users whose fullname is NULL; the intent ("all but one") is applied here instead.
-- The demoted sysadmins are in the ledger and the allow-list is re-promoted after the scripts.
UPDATE "user" SET sysadmin = false
WHERE sysadmin = true
  AND fullname IS DISTINCT FROM '${kept_sysadmin_fullname}';
