package dev.stagegate.migration.env;

import dev.stagegate.core.result.FindingCode;

/** The codes the environment step raises. Never reworded once released. */
public enum EnvironmentCode implements FindingCode {
    SERVER_TOO_OLD_FOR_GATE("The server's major version is below the gate's minimum (PostgreSQL 12 by default)."),
    OTHER_ACTIVE_SESSIONS("Other sessions are running statements on the database, so the migration would contend with live traffic."),
    IDLE_IN_TRANSACTION("Other sessions hold a transaction open while idle, and their locks would block the migration's DDL."),
    LONG_TRANSACTION("Another session's transaction has been open longer than the allowed age."),
    SESSIONS_NOT_VISIBLE("The gate's role cannot see other roles' session states, so sessions and transactions were not checked."),
    REPLICATION_LAG("A replica lags (or does not stream) beyond the allowed replication lag."),
    REPLICATION_LAG_UNKNOWN("A replica's lag cannot be read with the gate's role, so replication was not checked."),
    EXTENSION_MISSING("An extension the migrations create is neither installed nor installable on the server."),
    LOCK_TABLE_TOO_SMALL("The migration's estimated locks exceed the server's shared lock table."),
    LOCKS_ABOVE_PER_TRANSACTION("The migration's estimated locks exceed max_locks_per_transaction; it relies on spare shared lock slots."),
    DISK_HEADROOM("Free disk is below the required share of the database size."),
    DISK_HEADROOM_UNKNOWN("Free disk cannot be read from here and was not stated, so disk headroom was not shown.");

    private final String meaning;

    EnvironmentCode(String meaning) {
        this.meaning = meaning;
    }

    @Override
    public String meaning() {
        return meaning;
    }

    /** True for the codes that say a figure could not be read: they make the step INCOMPLETE, not FAILED. */
    public boolean unknown() {
        return this == SESSIONS_NOT_VISIBLE || this == REPLICATION_LAG_UNKNOWN || this == DISK_HEADROOM_UNKNOWN;
    }
}
