-- User names were Drupal ids; the full name becomes the name where that is safe: for active users,
-- and for others only when no one else has the same full name.
UPDATE "user" SET name = fullname
WHERE fullname IS NOT NULL
  AND name IS DISTINCT FROM fullname
  AND (state = 'active'
       OR fullname IN (
         SELECT fullname FROM "user"
         WHERE fullname IS NOT NULL
         GROUP BY fullname
         HAVING count(*) = 1));
