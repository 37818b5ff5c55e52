package dev.stagegate.migration;

import dev.stagegate.core.result.FindingCode;

/**
 * Every finding code this module emits that is not a lint rule (those are {@code LintRule}).
 * The registry the docs are generated from: a code is added here, never typed as a string.
 */
public enum MigrationCode implements FindingCode {
    MIGRATION_NAME_UNKNOWN("A file in the migrations folder does not look like a migration and is ignored."),
    MIGRATION_FORWARD_ONLY("A rollback file sits in a layout whose tool has no rollbacks (Supabase, graphile-migrate): it is not run."),
    MIGRATION_REPEATABLE("A Flyway repeatable migration (R__) was found; stagegate runs only versioned migrations."),
    MIGRATION_DUPLICATE_VERSION("Two migration files share one version, so their order is undefined."),
    MIGRATION_LAYOUT_MIXED("The folder mixes numbered (NNN_name.sql) and Flyway (V<n>__name.sql) files; one layout per folder."),
    MIGRATION_SECTIONS("A dbmate file's -- migrate:up / -- migrate:down sections are not as dbmate reads them: SQL outside them, out of order, repeated, or an empty up section."),
    MIGRATION_NOT_A_FILE("An entry named like a migration is a symbolic link or a folder, which stagegate will not follow or read."),
    MIGRATION_TRANSACTION_CONTROL("A migration commits, begins or rolls back in the middle, so a later failure would leave part of it applied."),
    MIGRATION_NON_TRANSACTIONAL_MIXED("A statement that cannot run in a transaction (VACUUM, CONCURRENTLY) shares its file with others."),
    MIGRATION_PSQL_ONLY("A migration uses psql-only input (a meta-command such as \\i, or COPY ... FROM STDIN) that the server cannot run."),
    MIGRATION_EXTENSION_CASE("A migration file ends in .SQL or another spelling of .sql and would be skipped; rename it to .sql."),
    MIGRATION_VERSION_GAP("Numeric versions skip a number, which often means a file is missing."),
    MIGRATION_LEXICAL_ORDER("Sorted as text, the files would run in another order than their versions say."),
    MIGRATION_ORDER("A migration uses an object that only a later migration creates."),
    MIGRATION_CYCLE("Migrations depend on each other in a circle, so no order can satisfy them all."),
    MIGRATION_UNREADABLE("A migration file cannot be read (permissions, invalid UTF-8), so it was not checked."),
    SQL_SYNTAX("A statement does not parse as PostgreSQL."),
    CHECKSUM_DRIFT("An applied migration's file was edited after it ran."),
    ROLLBACK_MISSING("A migration has no rollback file, so it cannot be undone or its rollback tested."),
    ROLLBACK_PATH_BROKEN("A migration drops or renames an object (a DROP COLUMN takes its indexes) that its rollback does not bring back and an older rollback needs: rolling back past it fails."),
    ROLLBACK_ORDER("A rollback uses an object that a later migration creates and its rollback drops, which runs first: rolling back past both fails."),
    ROLLBACK_ORPHAN("A rollback file has no forward migration with the same version and name."),
    LINT_UNREADABLE("A migration file cannot be read, so it was not linted."),
    LINT_SUPPRESSION_WITHOUT_REASON("A lint suppression gives no reason, so it does not apply."),
    LINT_SUPPRESSION_UNKNOWN_CODE("A lint suppression or exclusion names a rule that does not exist."),
    LINT_SUPPRESSION_UNUSED("A lint suppression matched no finding: it is stale or misspelt."),
    REHEARSAL_FAILED("A migration failed on the copy: the target was not touched, and a real migrate would have stopped there."),
    REHEARSAL_LOCK_HELD("On the copy, a migration held an ACCESS EXCLUSIVE lock on a table with rows for longer than the threshold."),
    REHEARSAL_TABLE_REWRITE("On the copy, a statement rewrote a table or index with many rows (its relfilenode changed)."),
    REHEARSAL_TRAFFIC_BLOCKED("On the copy, a stand-in application query was blocked by a migration for longer than the threshold."),
    REHEARSAL_SIDE_EFFECT("A migration dropped or changed an object its text does not name (an index gone with its column, a CASCADE)."),
    REHEARSAL_OBSERVATION_INCOMPLETE("Part of the observation (the traffic probe, a snapshot) stopped, so what it would show was not tested."),
    REHEARSAL_TARGET_CHANGED("The target changed while it was rehearsed, so the rehearsal may not be about the database to migrate."),
    ROLLBACK_DATA_LOSS("After the rollback on the copy, a table or column does not hold what it held before: values lost or changed, rows left."),
    ROLLBACK_SCHEMA_NOT_RESTORED("After the rollback on the copy, the schema differs from the one before its migrations (a column, type, key, index, policy or RLS flag)."),
    ROLLBACK_NOT_REPEATABLE("Going forward again after the rollback did not give back the data of the first forward run."),
    ROLLBACK_CYCLE_FAILED("A step of the rollback cycle (forward, back, forward again) failed on the copy.");

    private final String meaning;

    MigrationCode(String meaning) {
        this.meaning = meaning;
    }

    @Override
    public String meaning() {
        return meaning;
    }
}
