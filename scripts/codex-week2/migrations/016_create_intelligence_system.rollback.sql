-- Undo 016: drops what it created, newest first (their rows go with them).
DROP FUNCTION get_priority_signals(integer);
DROP FUNCTION get_active_insights(uuid);
DROP FUNCTION create_insight_from_signals(uuid, text);
DROP TABLE market_insights;
DROP TABLE intelligence_signals;
