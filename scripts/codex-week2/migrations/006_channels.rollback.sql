-- Undo 006: drops what it created, newest first (their rows go with them).
DROP TABLE schedules;
DROP TABLE publications;
DROP TABLE channel_accounts;
DROP TABLE channels;
