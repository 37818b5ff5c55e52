-- Undo 001: drops what it created, newest first (their rows go with them).
DROP TABLE role_permissions;
DROP TABLE permissions;
DROP TABLE roles;
DROP TABLE workspace_members;
DROP TABLE users;
DROP TABLE workspaces;
