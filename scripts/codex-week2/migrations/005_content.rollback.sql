-- Undo 005: drops what it created, newest first (their rows go with them).
DROP TABLE content_tags;
DROP TABLE tags;
DROP TABLE content_versions;
DROP TABLE content_items;
