-- Whoever appends to status_history (this process's worker, or a worker in another process), the
-- event streams hear of it as soon as the row is committed (LISTEN status_history), instead of at
-- their next poll. PostgreSQL sends one notification per transaction and channel.
CREATE FUNCTION status_history_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('status_history', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER status_history_notify AFTER INSERT ON status_history
    FOR EACH STATEMENT EXECUTE FUNCTION status_history_notify();
