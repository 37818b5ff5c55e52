-- Undo 008: drops what it created, newest first (their rows go with them).
DROP TABLE task_assignments;
DROP TABLE tasks;
