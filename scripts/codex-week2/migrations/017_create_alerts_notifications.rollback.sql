-- Undo 017: drops what it created, newest first (their rows go with them).
DROP TRIGGER system_alerts_notify ON system_alerts;
DROP FUNCTION notify_on_critical_alert();
DROP FUNCTION get_user_unread_notifications(uuid);
DROP FUNCTION mark_notification_as_read(uuid);
DROP FUNCTION acknowledge_alert(uuid, uuid);
DROP FUNCTION send_user_notification(uuid, uuid, text, uuid);
DROP FUNCTION create_system_alert(uuid, text, text);
DROP TABLE user_notifications;
DROP TABLE system_alerts;
