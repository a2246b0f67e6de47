-- Links to the old site's organogram viewer do not survive the move (soft delete, as the original).
UPDATE resource SET state = 'deleted'
WHERE description = 'Organogram viewer' AND state IS DISTINCT FROM 'deleted';
