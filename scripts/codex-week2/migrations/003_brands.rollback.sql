-- Undo 003: drops what it created, newest first (their rows go with them).
DROP TABLE personas;
DROP TABLE brand_assets;
DROP TABLE brands;
