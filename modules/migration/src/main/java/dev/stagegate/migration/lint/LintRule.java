package dev.stagegate.migration.lint;

import dev.stagegate.core.result.Severity;

/**
 * The lint rules: a stable code (used in suppressions and reports), a severity, why the
 * statement is dangerous and what to do instead. Codes never change once released; Squawk's
 * rule names are given for readers who know that tool.
 */
public enum LintRule {
    INDEX_NOT_CONCURRENT(Severity.WARNING, "require-concurrent-index-creation",
            "CREATE INDEX on an existing table blocks writes (SHARE lock) until the index is built",
            "use CREATE INDEX CONCURRENTLY, alone in its migration file"),
    DROP_INDEX_NOT_CONCURRENT(Severity.WARNING, "require-concurrent-index-deletion",
            "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table",
            "use DROP INDEX CONCURRENTLY, alone in its migration file"),
    CONSTRAINT_WITHOUT_NOT_VALID(Severity.WARNING, "constraint-missing-not-valid",
            "adding a CHECK constraint scans the whole table under an ACCESS EXCLUSIVE lock",
            "add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (only a SHARE UPDATE EXCLUSIVE lock)"),
    FOREIGN_KEY_ADD(Severity.WARNING, "adding-foreign-key-constraint",
            "adding a foreign key locks both tables (SHARE ROW EXCLUSIVE) while every row is checked",
            "add it NOT VALID, then VALIDATE CONSTRAINT in a later migration"),
    UNIQUE_CONSTRAINT_ADD(Severity.WARNING, "disallowed-unique-constraint",
            "ADD CONSTRAINT ... UNIQUE builds its index under an ACCESS EXCLUSIVE lock",
            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX"),
    COLUMN_TYPE_CHANGE(Severity.WARNING, "changing-column-type",
            "changing a column's type usually rewrites the table and its indexes under an ACCESS EXCLUSIVE lock",
            "add a new column, backfill in batches, switch readers, then drop the old column"),
    NOT_NULL_ADD(Severity.WARNING, "adding-not-nullable-field",
            "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
            "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (PostgreSQL 12+ skips the scan)"),
    REQUIRED_COLUMN_ADD(Severity.ERROR, "adding-required-field",
            "adding a NOT NULL column without a DEFAULT fails on any table that has rows",
            "give it a DEFAULT, or add it nullable, backfill, then set NOT NULL"),
    VOLATILE_DEFAULT(Severity.WARNING, "adding-field-with-default",
            "a volatile DEFAULT (random(), gen_random_uuid(), clock_timestamp(), nextval()) rewrites the whole table",
            "add the column without the default, set the default, backfill in batches"),
    DROP_TABLE(Severity.ERROR, "ban-drop-table",
            "DROP TABLE destroys data that a rollback cannot bring back",
            "rename it out of the way first, drop it in a later release once nothing reads it; suppress with a reason if intended"),
    DROP_COLUMN(Severity.ERROR, "ban-drop-column",
            "DROP COLUMN destroys data and breaks code that still reads the column",
            "stop reading it first, drop it in a later release; suppress with a reason if intended"),
    DROP_SCHEMA_OR_DATABASE(Severity.ERROR, "ban-drop-database",
            "dropping a schema or database destroys everything in it",
            "do this by hand, outside migrations"),
    TRUNCATE(Severity.ERROR, "ban-truncate-cascade",
            "TRUNCATE removes every row (CASCADE: of every referencing table too) and ignores row-level security",
            "delete the rows you mean with a WHERE clause, in batches"),
    RENAME_COLUMN(Severity.WARNING, "renaming-column",
            "renaming a column breaks every running client that uses the old name",
            "add the new column, dual-write, migrate readers, then drop the old one"),
    RENAME_TABLE(Severity.WARNING, "renaming-table",
            "renaming a table breaks every running client that uses the old name",
            "create a view with the old name during the transition, or migrate readers first"),
    CONCURRENTLY_NOT_ALONE(Severity.ERROR, "transaction-nesting",
            "CONCURRENTLY cannot run inside a transaction block; a file that mixes it with other statements fails",
            "put each CONCURRENTLY statement alone in its own migration file"),
    TRANSACTION_CONTROL(Severity.WARNING, "transaction-nesting",
            "BEGIN/COMMIT inside a migration breaks the runner's own transaction (a failure can leave half the file applied)",
            "remove them: each migration already runs in one transaction"),
    MISSING_LOCK_TIMEOUT(Severity.INFO, "require-lock-timeout",
            "this file takes strong locks on existing tables and sets no lock_timeout of its own",
            "stagegate sets lock_timeout for every migration; add SET lock_timeout if the file is ever run by another tool"),
    INT_PRIMARY_KEY(Severity.WARNING, "prefer-bigint-over-int",
            "an int or serial key runs out at 2.1 billion, and widening it later rewrites the table",
            "use bigint GENERATED ALWAYS AS IDENTITY (or uuid)"),
    SERIAL_COLUMN(Severity.INFO, "prefer-identity",
            "serial hides a sequence with its own permissions and ownership quirks",
            "use GENERATED ALWAYS AS IDENTITY"),
    TIMESTAMP_WITHOUT_TIME_ZONE(Severity.WARNING, "prefer-timestamptz",
            "timestamp without time zone stores wall-clock values that shift meaning with the session's time zone",
            "use timestamptz"),
    CHAR_COLUMN(Severity.INFO, "ban-char-field",
            "char(n) pads with spaces and is no faster than text",
            "use text (with a CHECK on length if needed)");

    private final Severity severity;
    private final String squawkName;
    private final String why;
    private final String instead;

    LintRule(Severity severity, String squawkName, String why, String instead) {
        this.severity = severity;
        this.squawkName = squawkName;
        this.why = why;
        this.instead = instead;
    }

    public Severity severity() {
        return severity;
    }

    public String squawkName() {
        return squawkName;
    }

    public String message() {
        return why + "; " + instead;
    }
}
