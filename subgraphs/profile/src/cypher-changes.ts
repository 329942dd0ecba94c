/** Cypher of the change log: tailing, replay and pruning. Constants only. */

const EVENT_FIELDS = `e {.cursor, .personId, .kind, .changedFields, .survivorId, at: toString(e.at)}`;

export const LATEST_CURSOR = `
MATCH (s:ChangeSequence {name: 'profile'})
RETURN s.value AS cursor, coalesce(s.prunedThrough, 0) AS prunedThrough`;

/** The next events after a cursor, in cursor order: a range seek on the unique cursor index. */
export const CHANGES_AFTER = `
MATCH (e:ChangeEvent)
WHERE e.cursor > $after
RETURN ${EVENT_FIELDS} AS event
ORDER BY e.cursor
LIMIT $limit`;

/** One person's (or a few people's) events after a cursor, for a subscriber that resumes. */
export const PERSON_CHANGES_AFTER = `
UNWIND $personIds AS personId
MATCH (e:ChangeEvent {personId: personId})
WHERE e.cursor > $after
RETURN ${EVENT_FIELDS} AS event
ORDER BY e.cursor
LIMIT $limit`;

/** Deletes events older than the retention, a batch at a time, and remembers how far it went. */
export const PRUNE_CHANGES = `
MATCH (e:ChangeEvent)
WHERE e.at < datetime($before)
WITH e ORDER BY e.cursor LIMIT $limit
WITH collect(e) AS events, max(e.cursor) AS through
FOREACH (e IN events | DELETE e)
WITH through WHERE through IS NOT NULL
MATCH (s:ChangeSequence {name: 'profile'})
SET s.prunedThrough = CASE WHEN coalesce(s.prunedThrough, 0) > through THEN s.prunedThrough ELSE through END
RETURN through`;
