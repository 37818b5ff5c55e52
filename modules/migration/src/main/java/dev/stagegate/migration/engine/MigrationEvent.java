package dev.stagegate.migration.engine;

import java.time.Duration;

/**
 * Lifecycle events the engine emits while it applies or rolls back, for the console, logs and
 * reports. {@code duration} is set on COMPLETED, FAILED and ROLLED_BACK.
 */
public record MigrationEvent(Type type, String version, String label, Duration duration, String message) {

    public enum Type { STARTING, COMPLETED, FAILED, ROLLING_BACK, ROLLED_BACK, RETRYING, INFO }

    /** The line the console and the execution log print, in the seeds' words. */
    public String line() {
        return switch (type) {
            case STARTING -> "[INFO] Executing migration " + label + "...";
            case COMPLETED -> "[SUCCESS] Migration " + version + " completed in " + human(duration);
            case FAILED -> "[ERROR] Migration " + version + " failed after " + human(duration) + ": " + message;
            case ROLLING_BACK -> "[INFO] Rolling back migration " + label + "...";
            case ROLLED_BACK -> "[SUCCESS] Migration " + version + " rolled back in " + human(duration);
            case RETRYING -> "[WARN] " + message;
            case INFO -> "[INFO] " + message;
        };
    }

    static String human(Duration d) {
        if (d == null) {
            return "?";
        }
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
