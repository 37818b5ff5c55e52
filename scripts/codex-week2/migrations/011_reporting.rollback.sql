-- Undo 011: drops what it created, newest first (their rows go with them).
DROP TABLE notification_settings;
DROP TABLE report_widgets;
DROP TABLE reports;
DROP TABLE dashboards;
DROP TABLE metrics_daily;
