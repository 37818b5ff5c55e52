package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.migration.MigrationCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Findings where what was observed on the copy is worse than a threshold: an ACCESS EXCLUSIVE lock
 * held long on a table with rows, a rewrite of a big table, a stand-in query blocked, an object
 * changed that the migration does not name. Thresholds default to what a web application tolerates
 * (a request waiting one second) and are the user's to set.
 */
public final class RehearsalFindings {

    /** @param lockMs ACCESS EXCLUSIVE held longer than this is a finding; @param bigRows a rewrite of this many rows is;
     *  @param blockedMs a stand-in query blocked longer than this is */
    public record Thresholds(long lockMs, long bigRows, long blockedMs) {
        public static Thresholds defaults() {
            return new Thresholds(1000, 100_000, 1000);
        }
    }

    private RehearsalFindings() {
    }

    public static List<Finding> of(ObservedEngine.Observation o, Thresholds t) {
        List<Finding> out = new ArrayList<>();
        if (!o.run().succeeded()) {
            String failed = o.migrations().stream().filter(LockObserver.MigrationRun::failed).map(LockObserver.MigrationRun::version).findFirst()
                    .orElse(String.valueOf(o.run().toVersion()));
            out.add(Finding.of(MigrationCode.REHEARSAL_FAILED, Severity.ERROR, failed,
                    "failed on the copy" + RollbackCycle.where(o) + ": " + o.run().failure() + "; the target was not touched"));
        }
        for (LockObserver.MigrationRun m : o.migrations()) {
            String who = (m.rollback() ? "rollback of " : "") + m.version();
            for (LockObserver.StatementRun s : m.statements()) {
                for (LockObserver.Lock l : s.locks()) {
                    if (l.mode().equals("AccessExclusiveLock") && l.kind().contains("table") && l.mayHoldRows() && l.heldMs() > t.lockMs()) {
                        out.add(Finding.of(MigrationCode.REHEARSAL_LOCK_HELD, Severity.WARNING, l.relation(), who + " line " + s.line()
                                + " held ACCESS EXCLUSIVE on " + l.relation() + " (" + l.rowsText() + ") for " + l.heldMs() + " ms (threshold "
                                + t.lockMs() + " ms): every read and write of it waits that long", RollbackCycle.head(s.sql())));
                    }
                }
                for (String r : s.rewrites()) {
                    LockObserver.Lock lock = s.locks().stream().filter(l -> r.startsWith(l.relation() + " ")).findFirst().orElse(null);
                    long rows = lock == null ? -1 : lock.rows();
                    boolean big = rows >= t.bigRows() || (rows < 0 && lock != null && lock.bytes() > 64L * 1024 * 1024);
                    out.add(Finding.of(MigrationCode.REHEARSAL_TABLE_REWRITE, big ? Severity.WARNING : Severity.INFO, r.replaceAll(" \\(.*", ""),
                            who + " line " + s.line() + " rewrote " + r + (lock != null ? " (" + lock.rowsText() + ")" : "") + " in " + s.millis() + " ms"
                                    + (big ? "; at " + t.bigRows() + "+ rows a rewrite holds its lock for as long as the copy takes" : ""),
                            RollbackCycle.head(s.sql())));
                }
            }
        }
        for (TrafficProbe.Victim v : o.victims()) {
            if (v.blockedMs() > t.blockedMs() || v.gaveUp()) {
                out.add(Finding.of(MigrationCode.REHEARSAL_TRAFFIC_BLOCKED, Severity.WARNING, v.table(), "while " + v.version() + " ran, " + (v.query().startsWith("I") ? "an " : "a ")
                        + v.query() + " on " + v.table() + " waited " + (v.gaveUp() ? "more than " : "") + v.blockedMs() + " ms (threshold "
                        + t.blockedMs() + " ms)"));
            }
        }
        if (o.trafficFailure() != null) {
            out.add(Finding.of(MigrationCode.REHEARSAL_OBSERVATION_INCOMPLETE, Severity.WARNING, "traffic probe", o.trafficFailure()
                    + "; blocked queries after that point are NOT TESTED"));
        }
        for (Map.Entry<String, List<SnapshotDiff.Change>> e : o.sideEffects().entrySet()) {
            for (SnapshotDiff.Change c : e.getValue()) {
                boolean unread = c.kind().equals("snapshot");
                // a table or policy gone, or a table changed (columns, types, RLS, grants) unnamed is what a review must see
                boolean weighty = c.kind().equals("table") || c.kind().equals("policy");
                out.add(Finding.of(unread ? MigrationCode.REHEARSAL_OBSERVATION_INCOMPLETE : MigrationCode.REHEARSAL_SIDE_EFFECT,
                        unread || weighty ? Severity.WARNING : Severity.INFO, c.object(), e.getKey() + " " + (c.type() == SnapshotDiff.Type.REMOVED ? "dropped "
                                : "changed ") + c.kind() + " " + c.object() + ", which its text does not name" + (c.detail() == null ? "" : ": " + c.detail())));
            }
        }
        return out;
    }

    /** A rehearsal's findings: its run's, and the tables a sampled copy left empty, where nothing was tested. */
    public static List<Finding> of(Rehearsal.Result r, Thresholds t) {
        List<Finding> out = new ArrayList<>(of(r.observation(), t));
        for (String table : r.notInSample()) {
            out.add(Finding.of(MigrationCode.REHEARSAL_OBSERVATION_INCOMPLETE, Severity.WARNING, table, table + " has rows on the target but "
                    + "none in the sample, so what the migrations do to its rows is NOT TESTED here; a bigger --sample or a full copy tests it"));
        }
        return out;
    }

    /** Findings of a rollback cycle: a failed leg, data lost by the rollback, a forward run that did not repeat. */
    public static List<Finding> of(RollbackCycle.Result r, Thresholds t) {
        List<Finding> out = new ArrayList<>();
        for (ObservedEngine.Observation o : r.legs()) {
            of(o, t).stream().filter(f -> !f.code().equals(MigrationCode.REHEARSAL_FAILED.name())).forEach(out::add);
        }
        if (r.failure() != null) {
            out.add(Finding.of(MigrationCode.ROLLBACK_CYCLE_FAILED, Severity.ERROR, r.back(), r.failure() + "; the target was not touched"));
        }
        for (DataState.Difference d : r.lostByRollback()) {
            out.add(Finding.of(MigrationCode.ROLLBACK_DATA_LOSS, Severity.ERROR, d.object(), "rolled back from " + r.top() + " to " + r.back()
                    + ", " + d.object() + " no longer holds what it held at " + r.back() + ": " + d.what()
                    + (d.lost() > 0 ? " (" + d.lost() + " lost)" : "")));
        }
        for (dev.stagegate.core.snapshot.SnapshotDiff.Change c : r.schemaNotRestored()) {
            out.add(Finding.of(MigrationCode.ROLLBACK_SCHEMA_NOT_RESTORED, Severity.ERROR, c.object(), "rolled back from " + r.top() + " to "
                    + r.back() + ", " + c.kind() + " " + c.object() + " is " + c.type().name().toLowerCase(java.util.Locale.ROOT)
                    + " compared with " + r.back() + (c.detail() == null ? "" : ": " + c.detail())));
        }
        for (DataState.Difference d : r.notCompared()) {
            out.add(Finding.of(MigrationCode.ROLLBACK_NOT_REPEATABLE, Severity.INFO, d.object(), "forward to " + r.top() + " again, "
                    + d.object() + " differs from the first forward run (" + d.what() + "); not a failure: the migrations made it after "
                    + r.back() + " or fill it from a sequence, so two runs may differ (random(), now(), new numbers)"));
        }
        for (DataState.Difference d : r.notRepeated()) {
            out.add(Finding.of(d.lost() > 0 ? MigrationCode.ROLLBACK_DATA_LOSS : MigrationCode.ROLLBACK_NOT_REPEATABLE, Severity.ERROR, d.object(),
                    "forward to " + r.top() + " again after the rollback, " + d.object() + " differs from the first forward run: " + d.what()));
        }
        if (!r.target().untouched()) {
            out.add(Finding.of(MigrationCode.REHEARSAL_TARGET_CHANGED, Severity.WARNING, "target", r.target().text()));
        }
        return out;
    }
}
