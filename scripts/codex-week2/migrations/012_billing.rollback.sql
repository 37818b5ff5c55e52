-- Undo 012: drops what it created, newest first (their rows go with them).
DROP TABLE feature_flags;
DROP TABLE usage_records;
DROP TABLE subscriptions;
DROP TABLE invoices;
DROP TABLE billing_accounts;
