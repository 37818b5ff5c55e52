-- Undo 015: drops what it created, newest first (their rows go with them).
DROP FUNCTION record_agent_execution(uuid, boolean);
DROP TABLE agent_performance;
DROP TABLE agent_assignments;
DROP TABLE agent_capabilities;
DROP TABLE agent_registry;
