package dev.stagegate.migration.engine;

import dev.stagegate.migration.source.Migration;

import java.util.List;

/**
 * Where the database stands against the migrations input.
 *
 * @param currentVersion the last version tag applied, or null on a database without history
 * @param applied        migrations of the input already applied, in order
 * @param pending        migrations not yet applied, in the order they would run
 * @param unknownApplied applied versions the input no longer has (deleted or renamed files)
 */
public record MigrationStatus(String currentVersion, List<Migration> applied, List<Migration> pending,
                              List<String> unknownApplied) {

    public MigrationStatus {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
        unknownApplied = List.copyOf(unknownApplied);
    }

    public boolean upToDate() {
        return pending.isEmpty();
    }
}
