package dev.stagegate.migration.engine;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checksum drift of applied migrations, and the refusal every verb that changes the schema
 * makes when there is any: migrate (even with nothing pending) and rollback, both under the lock.
 */
final class DriftGuard {

    private final LiquibaseRunner liquibase;
    private final History history;
    private final Function<String, String> label;

    DriftGuard(LiquibaseRunner liquibase, History history, Function<String, String> label) {
        this.liquibase = liquibase;
        this.history = history;
        this.label = label;
    }

    List<Drift> drift() {
        try {
            List<AppliedMigration> rows = history.applied();
            return liquibase.inScope(() -> ChecksumDrift.of(liquibase.parse().getChangeSets(), rows, label));
        } catch (StagegateException e) {
            throw e;
        } catch (Exception e) {
            throw new StagegateException(ErrorCode.MIGRATION_INVALID, "cannot compare checksums: " + MigrationFailure.firstLine(e), e);
        }
    }

    void refuse() {
        List<Drift> drift = drift();
        if (!drift.isEmpty()) {
            throw new StagegateException(ErrorCode.CHECKSUM_DRIFT, "applied migration(s) edited after they ran: "
                    + drift.stream().map(Drift::toString).collect(Collectors.joining("; "))
                    + ". Restore the file, or write a new migration for the change");
        }
    }
}
