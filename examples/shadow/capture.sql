-- What the application sent in a few minutes of traffic (captured with
-- log_statement = 'all' and turned into plain SQL), for the example schema.
SELECT id, kind, created_at FROM events WHERE kind = 'signup' ORDER BY created_at DESC LIMIT 20;
SELECT count(*) FROM events;
SELECT kind, count(*) AS n FROM events GROUP BY kind;
SELECT * FROM events ORDER BY id LIMIT 5;
SELECT id, payload->>'plan' AS plan FROM events WHERE kind = 'upgrade';
INSERT INTO events (kind, payload) VALUES ('signup', '{"plan": "free"}') RETURNING *;
UPDATE events SET payload = payload || '{"seen": true}' WHERE kind = 'upgrade';
DELETE FROM events WHERE kind = 'test';
SELECT count(*) FROM events;
BEGIN;
COMMIT;
SET statement_timeout = '2s';
