package dev.stagegate.migration.engine;

import java.time.Instant;

/**
 * A row of DATABASECHANGELOG as stagegate reads it.
 *
 * @param tag the version tag set on this row, if any
 */
public record AppliedMigration(String id, String author, String file, Instant executedAt, int order, String execType,
                               String checksum, String tag, String description) {

    /** A {@code tagDatabase}-only changeset of a Liquibase changelog: bookkeeping, not a migration. */
    public boolean isTag() {
        return id.endsWith("-tag");
    }
}
