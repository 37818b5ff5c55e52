package dev.stagegate.migration.env;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.env.ServerFacts.Disk;
import dev.stagegate.migration.env.ServerFacts.DiskSource;
import dev.stagegate.migration.env.ServerFacts.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The environment check's rules on facts already read ({@link ServerFacts}): pure, so each threshold is
 * tested on facts a test builds (a replica lagging, a server too old) as well as on a real server.
 */
final class EnvironmentRules {

    private EnvironmentRules() {
    }

    /** The rules, on facts alone: every finding the facts and needs earn under the thresholds. */
    static List<Finding> evaluate(ServerFacts f, MigrationNeeds needs, EnvironmentThresholds t) {
        List<Finding> out = new ArrayList<>();
        String db = f.database();
        if (f.serverMajor() < t.minServerMajor()) {
            out.add(tooOldFinding(f.serverMajor(), t.minServerMajor()));
        }
        if (f.otherActiveSessions() > t.maxOtherActiveSessions()) {
            out.add(Finding.of(EnvironmentCode.OTHER_ACTIVE_SESSIONS, Severity.ERROR, db, f.otherActiveSessions()
                    + " other session(s) are running statements on " + db + " (allowed: " + t.maxOtherActiveSessions()
                    + "); migrate when the traffic is stopped, or raise maxOtherActiveSessions", f.sessions()));
        }
        if (f.idleInTransaction() > t.maxIdleInTransaction()) {
            out.add(Finding.of(EnvironmentCode.IDLE_IN_TRANSACTION, Severity.ERROR, db, f.idleInTransaction()
                    + " other session(s) are idle in transaction on " + db + " (allowed: " + t.maxIdleInTransaction()
                    + "); their locks block DDL: end them (pg_terminate_backend) or fix the client", f.sessions()));
        }
        if (f.oldestTransactionAge().isPresent() && f.oldestTransactionAge().get().compareTo(t.maxTransactionAge()) > 0) {
            out.add(Finding.of(EnvironmentCode.LONG_TRANSACTION, Severity.ERROR, db, "another session's transaction "
                    + "on " + db + " is open longer than " + text(t.maxTransactionAge())
                    + "; DDL would queue behind it and block everyone after it: end it first", f.sessions()));
        }
        if (f.sessionsNotVisible() > 0) {
            out.add(Finding.of(EnvironmentCode.SESSIONS_NOT_VISIBLE, Severity.ERROR, db, f.sessionsNotVisible()
                    + " other session(s) on " + db + " belong to roles whose state this role may not read, so "
                    + "sessions and transactions were not checked; GRANT pg_read_all_stats TO the gate's role"));
        }
        for (Replica r : f.replicas()) {
            String object = "replica " + (r.name().isEmpty() ? "(unnamed)" : r.name());
            if (!r.visible()) {
                out.add(Finding.of(EnvironmentCode.REPLICATION_LAG_UNKNOWN, Severity.ERROR, object, object
                        + "'s state and lag cannot be read with this role; GRANT pg_read_all_stats TO the gate's role"));
            } else if (!"streaming".equals(r.state())) {
                out.add(Finding.of(EnvironmentCode.REPLICATION_LAG, Severity.ERROR, object, object + " is in state '"
                        + r.state() + "', not streaming; wait until it has caught up"));
            } else if (r.replayLag().isPresent() && r.replayLag().get().compareTo(t.maxReplicationLag()) > 0) {
                out.add(Finding.of(EnvironmentCode.REPLICATION_LAG, Severity.ERROR, object, object + " replays more than "
                        + text(t.maxReplicationLag()) + " behind; wait until it has caught up",
                        "replay_lag " + r.replayLag().get().toMillis() / 1000.0 + " s"));
            }
        }
        if (f.standbyReplayAge().isPresent() && f.standbyReplayAge().get().compareTo(t.maxReplicationLag()) > 0) {
            out.add(Finding.of(EnvironmentCode.REPLICATION_LAG, Severity.ERROR, "standby " + db, "this server is a "
                    + "standby whose last replayed transaction is older than " + text(t.maxReplicationLag())
                    + " (on an idle primary that is expected: check the primary)",
                    "now() - pg_last_xact_replay_timestamp() = " + f.standbyReplayAge().get().toMillis() / 1000.0 + " s"));
        }
        for (String ext : needs.extensions()) {
            if (!f.availableExtensions().contains(ext)) {
                out.add(Finding.of(EnvironmentCode.EXTENSION_MISSING, Severity.ERROR, ext, "the migrations run CREATE "
                        + "EXTENSION " + ext + " but the server has no such extension (pg_available_extensions); "
                        + "install its package on the server or ask the provider to allow it"));
            }
        }
        long table = f.sharedLockTable();
        long allowed = (long) Math.floor(table * t.maxLockTableShare());
        if (needs.lockEstimate() > allowed) {
            out.add(Finding.of(EnvironmentCode.LOCK_TABLE_TOO_SMALL, Severity.ERROR, "max_locks_per_transaction",
                    "the biggest migration needs about " + needs.lockEstimate() + " locks but the shared lock table "
                            + "holds " + table + (t.maxLockTableShare() < 1 ? " (" + allowed + " allowed)" : "")
                            + "; raise max_locks_per_transaction (needs a restart) or split the migration",
                    "max_locks_per_transaction " + f.maxLocksPerTransaction() + " x (max_connections "
                            + f.maxConnections() + " + max_prepared_transactions " + f.maxPreparedTransactions() + ")"));
        } else if (needs.lockEstimate() > f.maxLocksPerTransaction()) {
            out.add(Finding.of(EnvironmentCode.LOCKS_ABOVE_PER_TRANSACTION, Severity.WARNING, "max_locks_per_transaction",
                    "the biggest migration needs about " + needs.lockEstimate() + " locks, more than "
                            + "max_locks_per_transaction " + f.maxLocksPerTransaction() + "; it runs only while the "
                            + "shared lock table (" + table + ") has room: raise the setting or split the migration"));
        }
        Disk disk = f.disk();
        if (disk.source() == DiskSource.UNKNOWN) {
            out.add(Finding.of(EnvironmentCode.DISK_HEADROOM_UNKNOWN, Severity.ERROR, db, "free disk of the server "
                    + "cannot be read from here (" + disk.note() + "), so headroom of " + percent(t.diskHeadroomRatio())
                    + " of the database is not shown; state it with --disk-free 40GB or the profile's diskFree"));
        } else {
            long free = disk.freeBytes().getAsLong();
            double required = f.databaseBytes() * t.diskHeadroomRatio();
            if (free < required) {
                out.add(Finding.of(EnvironmentCode.DISK_HEADROOM, Severity.ERROR, db, "free disk ("
                        + disk.source().name().toLowerCase(Locale.ROOT) + ") is below " + percent(t.diskHeadroomRatio())
                        + " of the database size; free space before migrating (a rewrite can need a full copy)",
                        "free " + free + " bytes (" + disk.note() + ")", "database " + f.databaseBytes() + " bytes",
                        "required " + (long) Math.ceil(required) + " bytes"));
            }
        }
        return out;
    }


    static Finding tooOldFinding(int major, int min) {
        return Finding.of(EnvironmentCode.SERVER_TOO_OLD_FOR_GATE, Severity.ERROR, "server", "the server runs "
                + "PostgreSQL " + major + "; the gate needs " + min + " or newer: upgrade the server first");
    }

    static String percent(double ratio) {
        double p = ratio * 100;
        return (p == Math.rint(p) && Math.abs(p) < 1e15 ? Long.toString((long) p) : Double.toString(p)) + "%";
    }

    static String text(Duration d) {
        if (d.isZero()) {
            return "0 s";
        }
        if (d.toSecondsPart() == 0 && d.toNanosPart() == 0 && d.toMinutes() > 0) {
            return d.toMinutes() + " min";
        }
        return d.toMillis() / 1000.0 + " s";
    }

    static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
