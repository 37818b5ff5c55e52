-- Undo 009: drops what it created, newest first (their rows go with them).
DROP TABLE files;
DROP TABLE folders;
