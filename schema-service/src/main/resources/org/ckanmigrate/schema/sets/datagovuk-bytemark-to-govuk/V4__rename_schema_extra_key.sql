-- The key of the schema vocabulary extra changed.
UPDATE package_extra SET key = 'schema-vocabulary' WHERE key = 'schema';
