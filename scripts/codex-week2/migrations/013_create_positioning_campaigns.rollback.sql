-- Undo 013: drops what it created, newest first (their rows go with them).
DROP TRIGGER campaigns_touch ON campaigns;
DROP TRIGGER positioning_touch ON positioning;
DROP FUNCTION touch_updated_at();
DROP TABLE campaign_cohorts;
DROP TABLE campaign_quests;
DROP TABLE campaigns;
DROP TABLE message_architecture;
DROP TABLE positioning;
