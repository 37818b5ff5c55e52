-- Undo 007: drops what it created, newest first (their rows go with them).
DROP TABLE workflow_steps;
DROP TABLE workflows;
DROP TABLE approvals;
DROP TABLE comments;
