-- codex 014 (Week 2): achievements, user_achievements, user_stats.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE achievements (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
    code text NOT NULL,
    title text NOT NULL,
    points integer NOT NULL DEFAULT 10,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_achievements (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    achievement_id uuid NOT NULL REFERENCES achievements (id) ON DELETE CASCADE,
    quest_id uuid REFERENCES campaign_quests (id) ON DELETE SET NULL,
    unlocked_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_stats (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_achievement_id uuid REFERENCES achievements (id) ON DELETE SET NULL,
    experience integer NOT NULL DEFAULT 0,
    level text NOT NULL DEFAULT 'novice',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_achievements_workspace_id ON achievements (workspace_id, created_at DESC);
CREATE INDEX idx_achievements_campaign_id ON achievements (campaign_id);
CREATE INDEX idx_user_achievements_workspace_id ON user_achievements (workspace_id, created_at DESC);
CREATE INDEX idx_user_achievements_user_id ON user_achievements (user_id);
CREATE INDEX idx_user_achievements_achievement_id ON user_achievements (achievement_id);
CREATE INDEX idx_user_achievements_quest_id ON user_achievements (quest_id);
CREATE INDEX idx_user_stats_workspace_id ON user_stats (workspace_id, created_at DESC);
CREATE INDEX idx_user_stats_user_id ON user_stats (user_id);
CREATE INDEX idx_user_stats_last_achievement_id ON user_stats (last_achievement_id);

ALTER TABLE achievements ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON achievements
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE user_achievements ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON user_achievements
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE user_stats ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON user_stats
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

CREATE FUNCTION calculate_move_success_rate(p_quest uuid) RETURNS numeric LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN moves_total = 0 THEN 0 ELSE round(moves_won::numeric / moves_total, 3) END
    FROM campaign_quests WHERE id = p_quest
$$;

CREATE FUNCTION update_experience_level() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    NEW.level := CASE WHEN NEW.experience >= 1000 THEN 'expert' WHEN NEW.experience >= 100 THEN 'adept' ELSE 'novice' END;
    RETURN NEW;
END;
$$;

CREATE TRIGGER user_stats_level BEFORE INSERT OR UPDATE OF experience ON user_stats FOR EACH ROW EXECUTE FUNCTION update_experience_level();

CREATE FUNCTION unlock_achievement(p_user uuid, p_achievement uuid) RETURNS uuid LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_id uuid;
    v_workspace uuid;
BEGIN
    SELECT workspace_id INTO v_workspace FROM achievements WHERE id = p_achievement;
    INSERT INTO user_achievements (workspace_id, user_id, achievement_id) VALUES (v_workspace, p_user, p_achievement) RETURNING id INTO v_id;
    UPDATE user_stats SET experience = experience + (SELECT points FROM achievements WHERE id = p_achievement), last_achievement_id = p_achievement
     WHERE user_id = p_user AND workspace_id = v_workspace;
    RETURN v_id;
END;
$$;
