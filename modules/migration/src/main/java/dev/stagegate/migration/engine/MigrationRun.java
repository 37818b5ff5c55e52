package dev.stagegate.migration.engine;

import java.time.Duration;
import java.util.List;

/**
 * What one migrate or rollback call did.
 *
 * @param fromVersion   schema version before (null: none)
 * @param toVersion     schema version after
 * @param events        every event in order, with per-migration timings
 * @param invalidIndexes indexes left INVALID (e.g. by a failed CREATE INDEX CONCURRENTLY)
 * @param retries       attempts repeated because a lock was not granted in time
 * @param failure       null on success; else one line: which migration, where, the server's error, what remains
 */
public record MigrationRun(String fromVersion, String toVersion, List<MigrationEvent> events, List<String> invalidIndexes,
                           int retries, Duration duration, String failure) {

    public MigrationRun {
        events = List.copyOf(events);
        invalidIndexes = List.copyOf(invalidIndexes);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** Per-migration durations of the completed ones, for the execution plan's estimates. */
    public List<MigrationEvent> completed() {
        return events.stream().filter(e -> e.type() == MigrationEvent.Type.COMPLETED
                || e.type() == MigrationEvent.Type.ROLLED_BACK).toList();
    }
}
