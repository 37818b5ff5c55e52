-- codex 017 (Week 2): system_alerts, user_notifications.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE system_alerts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
    insight_id uuid REFERENCES market_insights (id) ON DELETE SET NULL,
    acknowledged_by uuid REFERENCES users (id) ON DELETE SET NULL,
    severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    message text NOT NULL,
    acknowledged_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_notifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    alert_id uuid REFERENCES system_alerts (id) ON DELETE SET NULL,
    achievement_id uuid REFERENCES achievements (id) ON DELETE SET NULL,
    campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
    title text NOT NULL,
    read_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_system_alerts_workspace_id ON system_alerts (workspace_id, created_at DESC);
CREATE INDEX idx_system_alerts_campaign_id ON system_alerts (campaign_id);
CREATE INDEX idx_system_alerts_insight_id ON system_alerts (insight_id);
CREATE INDEX idx_system_alerts_acknowledged_by ON system_alerts (acknowledged_by);
CREATE INDEX idx_user_notifications_workspace_id ON user_notifications (workspace_id, created_at DESC);
CREATE INDEX idx_user_notifications_user_id ON user_notifications (user_id);
CREATE INDEX idx_user_notifications_alert_id ON user_notifications (alert_id);
CREATE INDEX idx_user_notifications_achievement_id ON user_notifications (achievement_id);
CREATE INDEX idx_user_notifications_campaign_id ON user_notifications (campaign_id);

ALTER TABLE system_alerts ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON system_alerts
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE user_notifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON user_notifications
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

CREATE FUNCTION create_system_alert(p_workspace uuid, p_severity text, p_message text) RETURNS uuid LANGUAGE sql SET search_path = public, pg_temp AS $$
    INSERT INTO system_alerts (workspace_id, severity, message) VALUES (p_workspace, p_severity, p_message) RETURNING id
$$;

CREATE FUNCTION send_user_notification(p_user uuid, p_workspace uuid, p_title text, p_alert uuid DEFAULT NULL) RETURNS uuid LANGUAGE sql SET search_path = public, pg_temp AS $$
    INSERT INTO user_notifications (workspace_id, user_id, title, alert_id) VALUES (p_workspace, p_user, p_title, p_alert) RETURNING id
$$;

CREATE FUNCTION acknowledge_alert(p_alert uuid, p_user uuid) RETURNS boolean LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE system_alerts SET acknowledged_at = now(), acknowledged_by = p_user WHERE id = p_alert AND acknowledged_at IS NULL;
    RETURN FOUND;
END;
$$;

CREATE FUNCTION mark_notification_as_read(p_notification uuid) RETURNS boolean LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE user_notifications SET read_at = now() WHERE id = p_notification AND read_at IS NULL;
    RETURN FOUND;
END;
$$;

CREATE FUNCTION get_user_unread_notifications(p_user uuid) RETURNS SETOF user_notifications LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT * FROM user_notifications WHERE user_id = p_user AND read_at IS NULL ORDER BY created_at DESC
$$;

CREATE FUNCTION notify_on_critical_alert() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.severity = 'critical' THEN
        INSERT INTO user_notifications (workspace_id, user_id, title, alert_id)
        SELECT NEW.workspace_id, m.user_id, 'Critical alert: ' || NEW.message, NEW.id
          FROM workspace_members m WHERE m.workspace_id = NEW.workspace_id AND m.role IN ('owner', 'admin');
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER system_alerts_notify AFTER INSERT ON system_alerts FOR EACH ROW EXECUTE FUNCTION notify_on_critical_alert();
