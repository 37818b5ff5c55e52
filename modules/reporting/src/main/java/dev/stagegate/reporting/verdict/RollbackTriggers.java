package dev.stagegate.reporting.verdict;

import dev.stagegate.core.result.Finding;
import dev.stagegate.reporting.model.BenchmarkRecord;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.QueryRecord;
import dev.stagegate.reporting.model.StepRecord;
import dev.stagegate.reporting.model.Tally;

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
        return triggers.stream().anyMatch(t -> t.state() == Trigger.State.FIRED || t.state() == Trigger.State.ACCEPTED);
    }

    private static Trigger migration(GateReport r) {
        List<StepRecord> migrate = r.steps("migrate");
        // a migrate that failed fires it, whatever became of its finding
        Optional<StepRecord> failedStep = migrate.stream().filter(s -> s.status().failed()).findFirst();
        if (failedStep.isPresent()) {
            return Trigger.fired(MIGRATION, "migrate ended " + failedStep.get().status() + ": " + failedStep.get().summary());
        }
        Optional<Trigger> found = byFindings(r, MIGRATION, Set.of("MIGRATION_FAILED", "ROLLBACK_FAILED", "REHEARSAL_FAILED", "ROLLBACK_CYCLE_FAILED"));
        if (found.isPresent()) {
            return found.get();
        }
        if (migrate.isEmpty()) {
            return Trigger.notEvaluated(MIGRATION, "no migrate step ran");
        }
        StepRecord last = migrate.get(migrate.size() - 1);
        if (last.status().failed()) {
            return Trigger.fired(MIGRATION, "migrate ended " + last.status() + ": " + last.summary());
        }
        return last.status().passed() ? Trigger.clear(MIGRATION, "migrate: " + last.summary())
                : Trigger.notEvaluated(MIGRATION, "migrate ended " + last.status() + ": " + last.summary());
    }

    private static Trigger rls(GateReport r) {
        Optional<StepRecord> verify = lastOf(r, "verify");
        if (verify.isEmpty()) {
            return Trigger.notEvaluated(RLS, "no verify step ran");
        }
        Map<String, Object> m = verify.get().metrics();
        long[] probed = Tally.count(m.get("tables_probed"));
        if (probed == null || probed[0] == 0) {
            return Trigger.notEvaluated(RLS, "no isolation probe ran on a tenant table (tables probed: "
                    + (probed == null ? "none" : probed[0] + "/" + probed[1]) + ")");
        }
        // a table fails an RLS test when a failing RLS finding names it, or the tally counts it leaking or without RLS,
        // whether or not the user accepted the finding (that makes the trigger ACCEPTED, not clear)
        for (String key : List.of("tables_leaking", "rls_enabled")) {
            if (Tally.count(m.get(key)) == null) {
                return Trigger.notEvaluated(RLS, "verify's tally has no " + key.replace('_', ' ') + ": not measured");
            }
        }
        Set<String> failing = tables(verify.get().failing());
        Set<String> accepted = tables(verify.get().accepted());
        accepted.removeAll(failing);
        long[] leaking = Tally.count(m.get("tables_leaking"));
        long[] enabled = Tally.count(m.get("rls_enabled"));
        long byTally = Math.max(leaking == null ? 0 : leaking[0], enabled == null ? 0 : enabled[1] - enabled[0]);
        long bad = Math.max(failing.size() + accepted.size(), byTally);
        long tests = probed[0];
        double share = 100.0 * Math.min(bad, tests) / tests;
        String tally = bad + " of " + tests + " tenant tables probed fail an RLS test (" + String.format(java.util.Locale.ROOT, "%.1f%%", share) + ")"
                + names(failing, accepted) + (byTally > failing.size() + accepted.size() ? "; the tally: tables leaking "
                + (leaking == null ? "?" : leaking[0] + "/" + leaking[1]) + ", RLS enabled " + (enabled == null ? "?" : enabled[0] + "/" + enabled[1]) : "");
        if (probed[0] < probed[1]) {
            tally += "; " + (probed[1] - probed[0]) + " of " + probed[1] + " tenant tables were not probed";
        }
        // what the tally counts beyond the accepted findings is not accepted
        long unaccepted = Math.max(failing.size(), byTally - accepted.size());
        if (100.0 * Math.min(unaccepted, tests) / tests > 5.0) {
            return Trigger.fired(RLS, tally);
        }
        if (share > 5.0) {
            return Trigger.accepted(RLS, tally + "; accepted: " + reasons(verify.get().accepted()));
        }
        double worst = 100.0 * (Math.min(bad, tests) + (probed[1] - probed[0])) / probed[1];
        return probed[0] < probed[1] && worst > 5.0 ? Trigger.notEvaluated(RLS, tally + ": the unprobed tables could put it over 5%")
                : Trigger.clear(RLS, tally);
    }

    /** Each count of verify's data scans, and the finding that says it. */
    private static final Map<String, String> DATA_TALLY = new java.util.LinkedHashMap<>(Map.of("orphans", "FK_ORPHANS", "null_tenant_keys",
            "NULL_TENANT_KEY", "future_timestamps", "FUTURE_TIMESTAMP", "cross_tenant_links", "TENANT_LINKAGE_BROKEN"));

    private static Trigger data(GateReport r) {
        Optional<Finding> failing = r.steps().stream().flatMap(s -> s.failing().stream()).filter(f -> DATA_CODES.contains(f.code())).findFirst();
        if (failing.isPresent()) {
            return Trigger.fired(DATA, said(failing.get()));
        }
        Optional<StepRecord> verify = lastOf(r, "verify");
        List<Finding> accepted = r.steps().stream().flatMap(s -> s.accepted().stream()).filter(f -> DATA_CODES.contains(f.code())
                && f.severity().failsStep()).toList();
        if (verify.isEmpty()) {
            return accepted.isEmpty() ? Trigger.notEvaluated(DATA, "no verify step scanned the data (orphans, NULL tenant keys, future timestamps)")
                    : Trigger.accepted(DATA, said(accepted.get(0)) + "; accepted: " + reasons(accepted));
        }
        Map<String, Object> m = verify.get().metrics();
        List<String> said = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        boolean notScanned = false;
        for (Map.Entry<String, String> e : DATA_TALLY.entrySet()) {
            Object v = m.get(e.getKey());
            String label = e.getKey().replace('_', ' ');
            if (v == null) {
                missing.add(label);
                continue;
            }
            said.add(label + " " + v);
            notScanned |= !(v instanceof Number);
            // a count that is not zero and that no accepted finding of its kind explains fires the trigger
            if (v instanceof Number n && n.doubleValue() != 0 && accepted.stream().noneMatch(f -> f.code().equals(e.getValue()))) {
                unexplained.add(label + " " + v);
            }
        }
        if (!unexplained.isEmpty()) {
            return Trigger.fired(DATA, String.join(", ", unexplained) + (accepted.isEmpty() ? "" : "; accepted besides: " + reasons(accepted)));
        }
        if (!accepted.isEmpty()) {
            return Trigger.accepted(DATA, said(accepted.get(0)) + "; " + String.join(", ", said) + "; accepted: " + reasons(accepted));
        }
        if (notScanned || !missing.isEmpty()) {
            return Trigger.notEvaluated(DATA, "verify could not scan all of it: " + String.join(", ", said)
                    + (missing.isEmpty() ? "" : (said.isEmpty() ? "" : "; ") + "not measured: " + String.join(", ", missing)));
        }
        boolean preserved = r.steps("expect").stream().anyMatch(s -> s.status().passed()) || r.stepsStarting("rollback cycle").stream()
                .anyMatch(s -> s.status().passed());
        return Trigger.clear(DATA, String.join(", ", said) + (preserved ? "" : "; row preservation was not compared (no expect { preserved ... })"));
    }

    private static Trigger performance(GateReport r) {
        Optional<Trigger> found = byFindings(r, PERFORMANCE, PERFORMANCE_CODES);
        if (found.isPresent()) {
            return found.get();
        }
        Optional<BenchmarkRecord> b = r.benchmark();
        if (r.steps("bench").isEmpty() || b.isEmpty()) {
            return Trigger.notEvaluated(PERFORMANCE, "no bench step ran");
        }
        if (b.get().queries().isEmpty()) {
            return Trigger.notEvaluated(PERFORMANCE, "the benchmark judged no query");
        }
        List<QueryRecord> rollback = b.get().queries().stream().filter(q -> "ROLLBACK".equals(q.outcome())
                || (!Double.isNaN(q.ratio()) && q.failed() && q.ratio() >= b.get().rollbackFactor())).toList();
        if (!rollback.isEmpty()) {
            return Trigger.fired(PERFORMANCE, rollback.stream().map(q -> q.id() + " " + q.outcome() + ", r " + String.format(java.util.Locale.ROOT,
                    "%.2f", q.ratio())).collect(Collectors.joining("; ")));
        }
        List<QueryRecord> undecided = b.get().queries().stream().filter(q -> !q.decided()).toList();
        String tally = b.get().decided() + " of " + b.get().queries().size() + " queries have a verdict, none " + Tally.percent(b.get().rollbackFactor())
                + " slower or more";
        if (!undecided.isEmpty()) {
            return Trigger.notEvaluated(PERFORMANCE, tally + "; no verdict for " + undecided.stream().map(QueryRecord::id).collect(Collectors.joining(", ")));
        }
        return Trigger.clear(PERFORMANCE, tally);
    }

    private static Trigger functionality(GateReport r) {
        List<StepRecord> expect = r.steps("expect");
        Optional<StepRecord> verify = lastOf(r, "verify");
        long[] smoke = Tally.count(verify.map(v -> v.metrics().get("smoke_inserts")).orElse(null));
        for (StepRecord e : expect) {
            if (e.status().failed()) {
                return Trigger.fired(FUNCTIONALITY, "expect ended " + e.status() + ": " + e.summary());
            }
        }
        Optional<Trigger> found = byFindings(r, FUNCTIONALITY, FUNCTIONALITY_CODES);
        if (found.isPresent() && found.get().state() == Trigger.State.FIRED) {
            return found.get();
        }
        if (smoke != null && smoke[0] < smoke[1]) {
            return found.orElse(Trigger.fired(FUNCTIONALITY, "smoke inserts " + smoke[0] + "/" + smoke[1]));
        }
        if (found.isPresent()) {
            return found.get();
        }
        List<String> said = new ArrayList<>();
        expect.stream().filter(e -> e.status().passed()).forEach(e -> said.add("expect " + e.summary()));
        if (smoke != null && smoke[1] > 0) {
            said.add("smoke inserts " + smoke[0] + "/" + smoke[1]);
        }
        if (said.isEmpty()) {
            return Trigger.notEvaluated(FUNCTIONALITY, "no expect block and no smoke insert ran");
        }
        return Trigger.clear(FUNCTIONALITY, String.join(", ", said));
    }

    /** FIRED by a failing finding with one of the codes; ACCEPTED when only suppressed ones have them; else nothing to say. */
    private static Optional<Trigger> byFindings(GateReport r, String name, Set<String> codes) {
        Optional<Finding> failing = r.steps().stream().flatMap(s -> s.failing().stream()).filter(f -> codes.contains(f.code())).findFirst();
        if (failing.isPresent()) {
            return Optional.of(Trigger.fired(name, said(failing.get())));
        }
        List<Finding> accepted = r.steps().stream().flatMap(s -> s.accepted().stream()).filter(f -> codes.contains(f.code())
                && f.severity().failsStep()).toList();
        return accepted.isEmpty() ? Optional.empty() : Optional.of(Trigger.accepted(name, said(accepted.get(0)) + "; accepted: " + reasons(accepted)));
    }

    private static Set<String> tables(List<Finding> findings) {
        return findings.stream().filter(f -> RLS_CODES.contains(f.code()) && f.severity().failsStep()).map(f -> f.object().split(" ")[0])
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static String names(Set<String> failing, Set<String> accepted) {
        List<String> all = new ArrayList<>(failing);
        accepted.forEach(a -> all.add(a + " (accepted)"));
        return all.isEmpty() ? "" : ": " + String.join(", ", all.stream().limit(5).toList()) + (all.size() > 5 ? " and " + (all.size() - 5) + " more" : "");
    }

    private static String reasons(List<Finding> accepted) {
        return accepted.stream().map(f -> f.id() + " (" + f.suppression() + ")").distinct().limit(3).collect(Collectors.joining(", "))
                + (accepted.size() > 3 ? " and " + (accepted.size() - 3) + " more" : "");
    }

    private static Optional<StepRecord> lastOf(GateReport r, String name) {
        List<StepRecord> s = r.steps(name);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(s.size() - 1));
    }

    private static String said(Finding f) {
        return f.code() + " " + f.object() + ": " + f.message();
    }

}
