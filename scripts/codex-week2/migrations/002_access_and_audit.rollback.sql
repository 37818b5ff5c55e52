-- Undo 002: drops what it created, newest first (their rows go with them).
DROP TABLE audit_events;
DROP TABLE api_keys;
