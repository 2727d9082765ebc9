-- What each history row records (see EventKind), so the event stream names a row from a column
-- instead of from the first words of its reason. Existing rows are classified once, here, by the
-- only rule the code had: a row whose status stays and whose reason begins with 'stuck: ' reports
-- a stuck step, one whose reason is 'phase started' a phase entered, any other such row a note.

ALTER TABLE status_history ADD COLUMN event_kind text;

UPDATE status_history SET event_kind = CASE
    WHEN old_status IS NULL THEN 'CREATED'
    WHEN old_status <> new_status THEN 'STATUS'
    WHEN reason LIKE 'stuck: %' THEN 'STUCK'
    WHEN reason = 'phase started' THEN 'PHASE'
    ELSE 'NOTE'
END;

ALTER TABLE status_history ALTER COLUMN event_kind SET NOT NULL;
ALTER TABLE status_history ADD CONSTRAINT status_history_event_kind
    CHECK (event_kind IN ('CREATED', 'STATUS', 'PHASE', 'NOTE', 'STUCK'));
