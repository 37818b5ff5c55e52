package dev.stagegate.reporting.write;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.reporting.model.BenchmarkRecord;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.Tally;
import dev.stagegate.reporting.model.QueryRecord;
import dev.stagegate.reporting.model.StepRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seeds' metrics dashboard (CE-28 step 3), made from a run's results: migration execution,
 * security gates, data integrity, performance, test coverage, rollback readiness. A figure no step
 * produced says "not measured" and why, never a zero.
 */
public record Dashboard(List<Section> sections) {

    public record Section(String title, List<Metric> metrics) {
    }

    /** @param ok true when the figure meets the seeds' bar, false when it misses it, null when there is no bar or no figure */
    public record Metric(String label, String value, Boolean ok) {
    }

    public static final String NOT_MEASURED = "not measured";

    public static Dashboard of(GateReport r) {
        return new Dashboard(List.of(migration(r), security(r), integrity(r), performance(r), tests(r), rollback(r)));
    }

    private static Section migration(GateReport r) {
        List<Metric> m = new ArrayList<>();
        List<StepRecord> migrate = r.steps("migrate");
        long total = r.migrations().values().stream().mapToLong(Long::longValue).sum();
        m.add(new Metric("Migrations applied", migrate.isEmpty() ? NOT_MEASURED + " (no migrate step)"
                : r.migrations().size() + (r.migrations().isEmpty() ? "" : " (" + String.join(", ", r.migrations().keySet()) + ")"),
                migrate.isEmpty() ? null : migrate.stream().allMatch(s -> s.status().passed())));
        m.add(new Metric("Total duration on the target", migrate.isEmpty() ? NOT_MEASURED : millis(total), null));
        long rehearsed = r.rehearsed().values().stream().mapToLong(Long::longValue).sum();
        m.add(new Metric("Rehearsed on a copy", r.rehearsed().isEmpty() ? NOT_MEASURED + " (no rehearse step)"
                : r.rehearsed().size() + " migrations in " + millis(rehearsed), r.first("rehearse").map(s -> s.status().passed()).orElse(null)));
        m.add(new Metric("Success", migrate.isEmpty() ? NOT_MEASURED : migrate.stream().allMatch(s -> s.status().passed()) ? "100%"
                : "failed: " + migrate.get(migrate.size() - 1).summary(), migrate.isEmpty() ? null : migrate.stream().allMatch(s -> s.status().passed())));
        return new Section("Migration execution", m);
    }

    private static Section security(GateReport r) {
        Map<String, Object> v = verify(r);
        List<Metric> m = new ArrayList<>();
        m.add(count("RLS enabled on tenant tables", v.get("rls_enabled")));
        m.add(count("Tenant tables with a policy", v.get("with_policy")));
        m.add(count("FORCE RLS on critical tables", v.get("forced_critical")));
        m.add(count("Tables proven isolated (probes)", v.get("tables_isolated")));
        long[] leaking = Tally.count(v.get("tables_leaking"));
        long[] probed = Tally.count(v.get("tables_probed"));
        boolean probedAny = probed != null && probed[0] > 0;
        // no leak among no table probed proves nothing
        m.add(new Metric("Tables leaking", leaking == null || !probedAny ? NOT_MEASURED + (probed == null ? "" : " (" + probed[0] + "/" + probed[1]
                + " tables probed)") : String.valueOf(leaking[0]), leaking == null || !probedAny ? null : leaking[0] == 0));
        Object fk = v.get("fk_count");
        m.add(new Metric("Foreign keys", fk == null ? NOT_MEASURED : fk + (v.containsKey("fk_minimum") ? " (minimum " + v.get("fk_minimum") + ")" : ""),
                condition(r, "foreign-keys")));
        return new Section("Security gates", m);
    }

    private static Section integrity(GateReport r) {
        Map<String, Object> v = verify(r);
        List<Metric> m = new ArrayList<>();
        m.add(zero("Orphaned records", v.get("orphans")));
        m.add(zero("NULL tenant keys", v.get("null_tenant_keys")));
        m.add(zero("Future timestamps", v.get("future_timestamps")));
        m.add(zero("Cross-tenant links", v.get("cross_tenant_links")));
        return new Section("Data integrity", m);
    }

    private static Section performance(GateReport r) {
        List<Metric> m = new ArrayList<>();
        Optional<BenchmarkRecord> b = r.benchmark();
        if (b.isEmpty()) {
            m.add(new Metric("Queries against the baseline", NOT_MEASURED + " (no bench step)", null));
            return new Section("Performance", m);
        }
        BenchmarkRecord x = b.get();
        m.add(new Metric("Queries within " + Tally.percent(x.passFactor()) + " of the baseline", x.passed() + "/" + x.queries().size()
                + (x.decided() < x.queries().size() ? " (" + (x.queries().size() - x.decided()) + " without a verdict)" : ""),
                x.decided() == x.queries().size() ? x.passed() == x.queries().size() : null));
        x.queries().stream().filter(q -> !Double.isNaN(q.ratio())).max(Comparator.comparingDouble(QueryRecord::ratio))
                .ifPresent(q -> m.add(new Metric("Slowest against the baseline", q.id() + ": r " + String.format(Locale.ROOT, "%.2f", q.ratio())
                        + " (95% CI " + String.format(Locale.ROOT, "%.2f-%.2f", q.low(), q.high()) + "), " + q.outcome(), !q.failed())));
        m.add(new Metric("Comparison", x.interleaved() ? "interleaved with a live baseline" : "not interleaved: host drift is not controlled", null));
        m.add(new Metric("Indexes the suite used", x.indexScans().isEmpty() ? NOT_MEASURED : x.indexesUsed() + " of " + x.indexScans().size()
                + " (an index the suite never uses is reported, not failed)", null));
        m.add(new Metric("Connection leaks", x.leftovers() < 0 ? NOT_MEASURED : String.valueOf(x.leftovers()), x.leftovers() < 0 ? null : x.leftovers() == 0));
        return new Section("Performance", m);
    }

    private static Section tests(GateReport r) {
        List<Metric> m = new ArrayList<>();
        m.add(new Metric("Steps passed", r.stepsPassed() + "/" + r.stepsTotal(), r.stepsTotal() == 0 ? null : r.stepsPassed() == r.stepsTotal()));
        Map<String, Object> v = verify(r);
        m.add(count("Isolation probes: tables probed", v.get("tables_probed")));
        Object smoke = v.get("smoke_inserts");
        m.add(smoke == null ? new Metric("Smoke inserts", NOT_MEASURED, null) : count("Smoke inserts", smoke));
        long passed = 0;
        long total = 0;
        for (StepRecord e : r.steps("expect")) {
            passed += e.metrics().get("passed") instanceof Number n ? n.longValue() : 0;
            total += e.metrics().get("total") instanceof Number n ? n.longValue() : 0;
        }
        m.add(new Metric("Expectations", total == 0 ? NOT_MEASURED + " (no expect block)" : passed + "/" + total, total == 0 ? null : passed == total));
        List<Finding> all = r.findings();
        m.add(new Metric("Findings", all.stream().filter(Finding::fails).count() + " failing, "
                + all.stream().filter(f -> !f.suppressed() && f.severity() == Severity.WARNING).count() + " warning(s), "
                + all.stream().filter(Finding::suppressed).count() + " accepted", all.stream().noneMatch(Finding::fails)));
        return new Section("Test coverage", m);
    }

    private static Section rollback(GateReport r) {
        List<Metric> m = new ArrayList<>();
        Optional<StepRecord> cycle = r.stepsStarting("rollback cycle").stream().findFirst();
        m.add(new Metric("Rollback tested on a copy", cycle.map(StepRecord::summary).orElse(NOT_MEASURED + " (no rollbackCycle step)"),
                cycle.map(s -> s.status().passed()).orElse(null)));
        boolean procedure = java.nio.file.Files.exists(r.folder().resolve("ROLLBACK_PROCEDURE.md"));
        m.add(new Metric("Procedure documented", procedure ? "ROLLBACK_PROCEDURE.md" : "no ROLLBACK_PROCEDURE.md in the run", procedure));
        Optional<StepRecord> backup = r.stepsStarting("backup pre_migration").stream().findFirst();
        m.add(new Metric("Backup verified", backup.map(s -> s.status() + ": " + s.summary()).orElse(NOT_MEASURED + " (no backup step)"),
                backup.map(s -> r.restoreTested(s)).orElse(null)));
        return new Section("Rollback readiness", m);
    }

    /** The last verify step's tally, or empty. */
    static Map<String, Object> verify(GateReport r) {
        List<StepRecord> v = r.steps("verify");
        return v.isEmpty() ? Map.of() : v.get(v.size() - 1).metrics();
    }

    private static Boolean condition(GateReport r, String id) {
        return r.conditions().stream().filter(c -> c.id().equals(id)).findFirst().map(c -> c.stepStatus() == null ? null
                : c.stepStatus().equals("PASSED") || c.stepStatus().equals("WARNED")).orElse(null);
    }

    private static Metric count(String label, Object value) {
        long[] c = Tally.count(value);
        if (c == null) {
            return new Metric(label, value == null ? NOT_MEASURED : String.valueOf(value), null);
        }
        return new Metric(label, c[0] + "/" + c[1] + (c[1] == 0 ? "" : " (" + Math.round(100.0 * c[0] / c[1]) + "%)"), c[1] == 0 ? null : c[0] == c[1]);
    }

    private static Metric zero(String label, Object value) {
        if (value instanceof Number n) {
            return new Metric(label, String.valueOf(n.longValue()), n.longValue() == 0);
        }
        return new Metric(label, value == null ? NOT_MEASURED : String.valueOf(value), null);
    }

    static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : ms < 120_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                : String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
    }

}
