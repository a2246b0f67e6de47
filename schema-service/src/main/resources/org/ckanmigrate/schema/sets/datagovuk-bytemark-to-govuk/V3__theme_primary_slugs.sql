-- theme-primary held display names; the new site expects slugs.
UPDATE package_extra AS pe
SET value = m.slug
FROM (VALUES
  ('Business & Economy', 'business-and-economy'),
  ('Environment', 'environment'),
  ('Mapping', 'mapping'),
  ('Crime & Justice', 'crime-and-justice'),
  ('Government', 'government'),
  ('Society', 'society'),
  ('Defence', 'defence'),
  ('Government Spending', 'government-spending'),
  ('Towns & Cities', 'towns-and-cities'),
  ('Education', 'education'),
  ('Health', 'health'),
  ('Transport', 'transport')
) AS m(display, slug)
WHERE pe.key = 'theme-primary' AND pe.value = m.display;
