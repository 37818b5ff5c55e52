package dev.stagegate.migration.lint;

import dev.stagegate.core.result.FindingCode;
import dev.stagegate.core.result.Severity;

import java.util.Locale;

/**
 * The lint rules: a stable code (used in suppressions and reports), a default severity, why the
 * statement is dangerous and what to do instead. Codes never change once released; a rule that
 * goes is retired (listed in {@code docs/migrations.md}), never reused. Squawk's rule names are
 * given for readers who know that tool, empty where Squawk has no such rule.
 *
 * <p>{@code locking} rules are about a lock held while the table is scanned or rewritten: their
 * severity follows the table's size when it is known (see {@link LintOptions}).
 */
public enum LintRule implements FindingCode {
    INDEX_NOT_CONCURRENT(Severity.WARNING, true, "require-concurrent-index-creation",
            "CREATE INDEX on an existing table blocks writes (SHARE lock) until the index is built",
            "use CREATE INDEX CONCURRENTLY, alone in its migration file"),
    DROP_INDEX_NOT_CONCURRENT(Severity.WARNING, true, "require-concurrent-index-deletion",
            "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table",
            "use DROP INDEX CONCURRENTLY, alone in its migration file"),
    CONSTRAINT_WITHOUT_NOT_VALID(Severity.WARNING, true, "constraint-missing-not-valid",
            "adding a CHECK constraint scans the whole table under an ACCESS EXCLUSIVE lock",
            "add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (only a SHARE UPDATE EXCLUSIVE lock)"),
    FOREIGN_KEY_ADD(Severity.WARNING, true, "adding-foreign-key-constraint",
            "adding a foreign key locks both tables (SHARE ROW EXCLUSIVE) while every row is checked",
            "add it NOT VALID, then VALIDATE CONSTRAINT in a later migration"),
    UNIQUE_CONSTRAINT_ADD(Severity.WARNING, true, "disallowed-unique-constraint",
            "ADD CONSTRAINT ... UNIQUE builds its index under an ACCESS EXCLUSIVE lock",
            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX"),
    PRIMARY_KEY_ADD(Severity.WARNING, true, "adding-serial-primary-key-field",
            "ADD PRIMARY KEY builds its index under an ACCESS EXCLUSIVE lock",
            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD PRIMARY KEY USING INDEX"),
    COLUMN_TYPE_CHANGE(Severity.WARNING, true, "changing-column-type",
            "changing a column's type usually rewrites the table and its indexes under an ACCESS EXCLUSIVE lock",
            "add a new column, backfill in batches, switch readers, then drop the old column"),
    NOT_NULL_ADD(Severity.WARNING, true, "adding-not-nullable-field",
            "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
            "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (PostgreSQL 12+ skips the scan)"),
    REQUIRED_COLUMN_ADD(Severity.ERROR, false, "adding-required-field",
            "adding a NOT NULL column without a DEFAULT fails on any table that has rows",
            "give it a DEFAULT, or add it nullable, backfill, then set NOT NULL"),
    VOLATILE_DEFAULT(Severity.WARNING, true, "adding-field-with-default",
            "a volatile DEFAULT (random(), gen_random_uuid(), clock_timestamp(), nextval()) rewrites the whole table",
            "add the column without the default, set the default, backfill in batches"),
    CLUSTER(Severity.WARNING, true, "",
            "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
            "run it by hand in a maintenance window, or use pg_repack"),
    REINDEX_NOT_CONCURRENT(Severity.WARNING, true, "require-concurrent-reindex",
            "REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index)",
            "use REINDEX ... CONCURRENTLY (PostgreSQL 12+), alone in its migration file"),
    REFRESH_MATVIEW_NOT_CONCURRENT(Severity.WARNING, true, "",
            "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view until it is rebuilt",
            "give the view a unique index and use REFRESH MATERIALIZED VIEW CONCURRENTLY"),
    LOCK_TABLE(Severity.WARNING, true, "",
            "LOCK TABLE holds its lock until the migration commits, queueing every conflicting query behind it",
            "drop the explicit lock, or keep the file to the statements that need it"),
    ENUM_ADD_VALUE(Severity.WARNING, false, "",
            "ALTER TYPE ... ADD VALUE cannot run in a transaction block before PostgreSQL 12, and from 12 on the new value "
                    + "cannot be used in the same transaction",
            "put it alone in its own migration file, and use the new value only in later migrations"),
    DROP_TABLE(Severity.ERROR, false, "ban-drop-table",
            "DROP TABLE destroys data that a rollback cannot bring back",
            "rename it out of the way first, drop it in a later release once nothing reads it; suppress with a reason if intended"),
    DROP_COLUMN(Severity.ERROR, false, "ban-drop-column",
            "DROP COLUMN destroys data and breaks code that still reads the column",
            "stop reading it first, drop it in a later release; suppress with a reason if intended"),
    DROP_SCHEMA(Severity.ERROR, false, "ban-drop-schema",
            "dropping a schema destroys everything in it",
            "do this by hand, outside migrations"),
    DROP_DATABASE(Severity.ERROR, false, "ban-drop-database",
            "dropping a database destroys everything in it",
            "do this by hand, outside migrations"),
    TRUNCATE(Severity.WARNING, false, "",
            "TRUNCATE removes every row, ignores row-level security and takes an ACCESS EXCLUSIVE lock",
            "delete the rows you mean with a WHERE clause, in batches"),
    TRUNCATE_CASCADE(Severity.ERROR, false, "ban-truncate-cascade",
            "TRUNCATE ... CASCADE also empties every table that references this one, however far the chain goes",
            "truncate (or delete from) the tables you mean, by name"),
    RENAME_COLUMN(Severity.WARNING, false, "renaming-column",
            "renaming a column breaks every running client that uses the old name",
            "add the new column, dual-write, migrate readers, then drop the old one"),
    RENAME_TABLE(Severity.WARNING, false, "renaming-table",
            "renaming a table breaks every running client that uses the old name",
            "create a view with the old name during the transition, or migrate readers first"),
    CONCURRENTLY_NOT_ALONE(Severity.ERROR, false, "ban-concurrent-index-creation-in-transaction",
            "CONCURRENTLY cannot run inside a transaction block; a file that mixes it with other statements fails",
            "put each CONCURRENTLY statement alone in its own migration file"),
    NON_TRANSACTIONAL_NOT_ALONE(Severity.ERROR, false, "",
            "VACUUM, CREATE/DROP DATABASE, ALTER SYSTEM and tablespace commands cannot run in a transaction block; a file "
                    + "that mixes one with other statements fails at migrate",
            "put the statement alone in its own migration file (or run it outside migrations)"),
    TRANSACTION_CONTROL(Severity.WARNING, false, "transaction-nesting",
            "BEGIN/COMMIT inside a migration breaks the runner's own transaction (a failure can leave half the file applied)",
            "remove them: each migration already runs in one transaction"),
    RLS_DISABLE(Severity.ERROR, false, "",
            "DISABLE ROW LEVEL SECURITY turns off every policy on the table: each tenant sees every tenant's rows",
            "keep RLS enabled; change the policies instead"),
    RLS_NO_FORCE(Severity.WARNING, false, "",
            "NO FORCE ROW LEVEL SECURITY exempts the table's owner from its policies again",
            "keep FORCE on tables the application reaches as their owner"),
    POLICY_DROP(Severity.WARNING, false, "",
            "DROP POLICY removes a tenant-isolation rule, and the table is open or closed until a replacement exists",
            "create the replacement in the same migration, or suppress with the reason the policy is no longer needed"),
    POLICY_ALLOWS_ALL(Severity.ERROR, false, "",
            "a policy USING (true) or WITH CHECK (true) lets every row through: no isolation at all",
            "compare the row's tenant column with the session's tenant"),
    INT_PRIMARY_KEY(Severity.WARNING, false, "prefer-bigint-over-int",
            "an int or serial key runs out at 2.1 billion, and widening it later rewrites the table",
            "use bigint GENERATED ALWAYS AS IDENTITY (or uuid)"),
    SERIAL_COLUMN(Severity.INFO, false, "prefer-identity",
            "serial hides a sequence with its own permissions and ownership quirks",
            "use GENERATED ALWAYS AS IDENTITY"),
    TIMESTAMP_WITHOUT_TIME_ZONE(Severity.WARNING, false, "prefer-timestamptz",
            "timestamp without time zone stores wall-clock values that shift meaning with the session's time zone",
            "use timestamptz"),
    CHAR_COLUMN(Severity.INFO, false, "ban-char-field",
            "char(n) pads with spaces and is no faster than text",
            "use text (with a CHECK on length if needed)");

    private final Severity severity;
    private final boolean locking;
    private final String squawkName;
    private final String why;
    private final String instead;

    LintRule(Severity severity, boolean locking, String squawkName, String why, String instead) {
        this.severity = severity;
        this.locking = locking;
        this.squawkName = squawkName;
        this.why = why;
        this.instead = instead;
    }

    public Severity severity() {
        return severity;
    }

    /** True when the danger is a lock held for as long as the table takes to scan or rewrite. */
    public boolean locking() {
        return locking;
    }

    /** Squawk's name for the same rule, or empty when Squawk has none. */
    public String squawkName() {
        return squawkName;
    }

    public String message() {
        return why + "; " + instead;
    }

    @Override
    public String meaning() {
        return why.substring(0, 1).toUpperCase(Locale.ROOT) + why.substring(1) + ".";
    }
}
