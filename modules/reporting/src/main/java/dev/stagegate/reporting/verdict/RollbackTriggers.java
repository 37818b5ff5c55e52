package dev.stagegate.reporting.verdict;

import dev.stagegate.core.result.Finding;
import dev.stagegate.reporting.model.BenchmarkRecord;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.QueryRecord;
import dev.stagegate.reporting.model.StepRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The seeds' rollback triggers (seed 000, "any one triggers rollback"), each evaluated on a run's
 * results: FIRED with the finding that decided it, CLEAR with the check that ran and found nothing, or
 * NOT EVALUATED when no step of the run produced what the trigger reads. Nothing here runs a check.
 */
public final class RollbackTriggers {

    public static final String MIGRATION = "migration execution failed with errors";
    public static final String RLS = "more than 5% of RLS tests fail";
    public static final String DATA = "data corruption or loss detected";
    public static final String PERFORMANCE = "performance degradation over 30%";
    public static final String FUNCTIONALITY = "critical application functionality broken";

    /** Failing findings that are a tenant-isolation (RLS) test failing on a table. */
    static final Set<String> RLS_CODES = Set.of("RLS_DISABLED", "RLS_NOT_FORCED", "POLICY_RLS_OFF", "POLICY_ALWAYS_TRUE", "POLICY_WRITE_UNPINNED",
            "POLICY_UNPINNED_BRANCH", "VIEW_BYPASSES_RLS", "MATVIEW_TENANT_DATA", "SECURITY_DEFINER_RETURNS_TENANT_ROWS", "LEAK_READ", "LEAK_UPDATE",
            "LEAK_DELETE", "LEAK_INSERT", "LEAK_NULL_TENANT", "LEAK_MOVE", "TENANT_KEY_REWRITTEN", "OWNER_BYPASS", "PARTITION_RLS_OFF",
            "RLS_NO_POLICY", "APPLICATION_ROLE_BYPASSES_RLS", "APPLICATION_ROLE_OWNS_TABLE");
    /** Failing findings that mean rows are wrong, missing or unreachable. */
    static final Set<String> DATA_CODES = Set.of("FK_ORPHANS", "NULL_TENANT_KEY", "FUTURE_TIMESTAMP", "TENANT_LINKAGE_BROKEN", "ROW_COUNT_CHANGED",
            "CONTENT_CHANGED", "COLUMN_CONTENT_CHANGED", "TABLE_LOST", "ROLLBACK_DATA_LOSS", "RESTORE_TEST_FAILED");
    static final Set<String> PERFORMANCE_CODES = Set.of("BENCH_ROLLBACK_TRIGGER");
    /** Failing findings that mean the application cannot do what it did: a hand-written check, a smoke insert, a broken query. */
    static final Set<String> FUNCTIONALITY_CODES = Set.of("EXPECTATION_FAILED", "SMOKE_INSERT_FAILED", "SMOKE_INSERT_INVISIBLE",
            "BENCH_QUERY_BROKEN", "BENCH_RESULT_CHANGED");

    private RollbackTriggers() {
    }

    public static List<Trigger> evaluate(GateReport r) {
        return List.of(migration(r), rls(r), data(r), performance(r), functionality(r));
    }

    public static boolean anyFired(List<Trigger> triggers) {
        return triggers.stream().anyMatch(t -> t.state() == Trigger.State.FIRED);
    }

    private static Trigger migration(GateReport r) {
        Optional<Finding> failed = failing(r.steps(), Set.of("MIGRATION_FAILED", "ROLLBACK_FAILED", "REHEARSAL_FAILED", "ROLLBACK_CYCLE_FAILED"));
        if (failed.isPresent()) {
            return Trigger.fired(MIGRATION, said(failed.get()));
        }
        List<StepRecord> migrate = r.steps("migrate");
        if (migrate.isEmpty()) {
            return Trigger.notEvaluated(MIGRATION, "no migrate step ran");
        }
        StepRecord last = migrate.get(migrate.size() - 1);
        return last.status().passed() ? Trigger.clear(MIGRATION, "migrate: " + last.summary())
                : Trigger.notEvaluated(MIGRATION, "migrate ended " + last.status() + ": " + last.summary());
    }

    private static Trigger rls(GateReport r) {
        Optional<StepRecord> verify = lastOf(r, "verify");
        if (verify.isEmpty()) {
            return Trigger.notEvaluated(RLS, "no verify step ran");
        }
        long[] probed = count(verify.get().metrics().get("tables_probed"));
        if (probed == null || probed[0] == 0) {
            return Trigger.notEvaluated(RLS, "no isolation probe ran on a tenant table (tables probed: "
                    + (probed == null ? "none" : probed[0] + "/" + probed[1]) + ")");
        }
        Set<String> failingTables = verify.get().failing().stream().filter(f -> RLS_CODES.contains(f.code()))
                .map(f -> f.object().split(" ")[0]).collect(Collectors.toCollection(java.util.TreeSet::new));
        long tests = probed[1];
        long failing = Math.min(failingTables.size(), tests);
        double share = 100.0 * failing / tests;
        String tally = failing + " of " + tests + " tenant tables fail an RLS check (" + String.format(java.util.Locale.ROOT, "%.1f%%", share)
                + ")" + (failingTables.isEmpty() ? "" : ": " + String.join(", ", failingTables.stream().limit(5).toList())
                + (failingTables.size() > 5 ? " and " + (failingTables.size() - 5) + " more" : ""));
        if (probed[0] < probed[1]) {
            tally += "; " + (probed[1] - probed[0]) + " table(s) were not probed";
        }
        if (share > 5.0) {
            return Trigger.fired(RLS, tally);
        }
        return probed[0] < probed[1] && share + 100.0 * (probed[1] - probed[0]) / tests > 5.0
                ? Trigger.notEvaluated(RLS, tally + ": the unprobed tables could put it over 5%") : Trigger.clear(RLS, tally);
    }

    private static Trigger data(GateReport r) {
        Optional<Finding> bad = failing(r.steps(), DATA_CODES);
        if (bad.isPresent()) {
            return Trigger.fired(DATA, said(bad.get()));
        }
        Optional<StepRecord> verify = lastOf(r, "verify");
        if (verify.isEmpty() || !verify.get().metrics().containsKey("orphans")) {
            return Trigger.notEvaluated(DATA, "no verify step scanned the data (orphans, NULL tenant keys, future timestamps)");
        }
        Map<String, Object> m = verify.get().metrics();
        List<String> said = new ArrayList<>();
        for (String key : List.of("orphans", "null_tenant_keys", "future_timestamps", "cross_tenant_links")) {
            if (m.containsKey(key)) {
                said.add(key.replace('_', ' ') + " " + m.get(key));
            }
        }
        if (said.stream().anyMatch(s -> s.contains("not scanned"))) {
            return Trigger.notEvaluated(DATA, "verify could not scan all of it: " + String.join(", ", said));
        }
        boolean preserved = r.steps("expect").stream().anyMatch(s -> s.findings().stream().noneMatch(Finding::fails))
                || !r.steps("rollback cycle").isEmpty();
        return Trigger.clear(DATA, String.join(", ", said) + (preserved ? "" : "; row preservation was not compared (no expect { preserved ... })"));
    }

    private static Trigger performance(GateReport r) {
        Optional<Finding> slow = failing(r.steps(), PERFORMANCE_CODES);
        if (slow.isPresent()) {
            return Trigger.fired(PERFORMANCE, said(slow.get()));
        }
        Optional<BenchmarkRecord> b = r.benchmark();
        if (r.steps("bench").isEmpty() || b.isEmpty()) {
            return Trigger.notEvaluated(PERFORMANCE, "no bench step ran");
        }
        List<QueryRecord> undecided = b.get().queries().stream().filter(q -> !q.decided()).toList();
        String tally = b.get().decided() + " of " + b.get().queries().size() + " queries have a verdict, none " + percent(b.get().rollbackFactor())
                + " slower or more";
        if (!undecided.isEmpty()) {
            return Trigger.notEvaluated(PERFORMANCE, tally + "; no verdict for " + undecided.stream().map(QueryRecord::id).collect(Collectors.joining(", ")));
        }
        return Trigger.clear(PERFORMANCE, tally);
    }

    private static Trigger functionality(GateReport r) {
        Optional<Finding> broken = failing(r.steps(), FUNCTIONALITY_CODES);
        if (broken.isPresent()) {
            return Trigger.fired(FUNCTIONALITY, said(broken.get()));
        }
        List<StepRecord> expect = r.steps("expect").stream().filter(s -> s.status().passed()).toList();
        Optional<StepRecord> verify = lastOf(r, "verify");
        Object smoke = verify.map(v -> v.metrics().get("smoke_inserts")).orElse(null);
        long[] smokeCount = count(smoke);
        List<String> said = new ArrayList<>();
        expect.forEach(e -> said.add("expect " + e.summary()));
        if (smokeCount != null && smokeCount[1] > 0) {
            said.add("smoke inserts " + smokeCount[0] + "/" + smokeCount[1]);
        }
        if (said.isEmpty()) {
            return Trigger.notEvaluated(FUNCTIONALITY, "no expect block and no smoke insert ran");
        }
        return Trigger.clear(FUNCTIONALITY, String.join(", ", said));
    }

    private static Optional<StepRecord> lastOf(GateReport r, String name) {
        List<StepRecord> s = r.steps(name);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(s.size() - 1));
    }

    private static Optional<Finding> failing(List<StepRecord> steps, Set<String> codes) {
        return steps.stream().flatMap(s -> s.failing().stream()).filter(f -> codes.contains(f.code())).findFirst();
    }

    private static String said(Finding f) {
        return f.code() + " " + f.object() + ": " + f.message();
    }

    /** A {@code Count} as the results file holds it ({"passed": n, "total": m}), or null. */
    static long[] count(Object value) {
        if (value instanceof Map<?, ?> m && m.get("passed") instanceof Number p && m.get("total") instanceof Number t) {
            return new long[] {p.longValue(), t.longValue()};
        }
        return null;
    }

    static String percent(double factor) {
        return Math.round((factor - 1) * 100) + "%";
    }
}
