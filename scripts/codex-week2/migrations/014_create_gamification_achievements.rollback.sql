-- Undo 014: drops what it created, newest first (their rows go with them).
DROP FUNCTION unlock_achievement(uuid, uuid);
DROP TRIGGER user_stats_level ON user_stats;
DROP FUNCTION update_experience_level();
DROP FUNCTION calculate_move_success_rate(uuid);
DROP TABLE user_stats;
DROP TABLE user_achievements;
DROP TABLE achievements;
