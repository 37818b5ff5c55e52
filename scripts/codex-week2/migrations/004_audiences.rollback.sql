-- Undo 004: drops what it created, newest first (their rows go with them).
DROP TABLE segment_rules;
DROP TABLE segments;
DROP TABLE audiences;
