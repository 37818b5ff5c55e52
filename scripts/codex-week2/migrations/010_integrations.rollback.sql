-- Undo 010: drops what it created, newest first (their rows go with them).
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE integrations;
