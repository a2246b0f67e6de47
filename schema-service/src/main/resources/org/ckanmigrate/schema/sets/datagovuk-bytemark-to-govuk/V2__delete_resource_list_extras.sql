-- Deprecated extras that listed resources a second time.
DELETE FROM package_extra
WHERE key IN ('individual_resources', 'additional_resources', 'timeseries_resources');
