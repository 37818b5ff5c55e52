package dev.stagegate.console.gate;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.result.Suppressions;
import dev.stagegate.reporting.verdict.GateCondition;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.result.Count;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A verification report as one gate step, and the conditions it shows: RLS (coverage and isolation
 * probes), foreign keys, smoke inserts and integrity. A family that did not run (the probes
 * skipped) leaves its condition unshown and the step INCOMPLETE, never PASSED.
 */
public record VerificationStep(StepResult step, Map<GateCondition, StepStatus> conditions) {

    /** Runs verify with the gate's options, writes its report and JSON into the run folder, prints the tally. */
    static VerificationStep run(java.sql.Connection c, VerifyOptions o, dev.stagegate.core.evidence.EvidenceRun evidence, java.io.PrintWriter out)
            throws java.sql.SQLException {
        VerificationReport r = dev.stagegate.verification.Verifier.verify(c, o.config(), o.expectations()
                .<java.util.function.Function<dev.stagegate.core.snapshot.SchemaSnapshot, dev.stagegate.verification.expect.Expectations>>map(
                        p -> s -> dev.stagegate.verification.expect.ExpectationFile.read(p, s)).orElse(null));
        evidence.write("verification_report.md", r.toMarkdown());
        evidence.writeJson("verification.json", r);
        r.tally().forEach((k, v) -> out.printf("       %-24s %s%n", k.replace('_', ' '), v));
        return of(r, o.config().suppressions());
    }

    public static VerificationStep of(VerificationReport r, Suppressions suppressions) {
        List<Finding> findings = new ArrayList<>();
        r.steps().forEach(s -> findings.addAll(s.findings()));
        for (String id : suppressions.unusedAmong(findings)) {
            findings.add(Finding.of(GateCode.SUPPRESSION_UNUSED, Severity.WARNING, id, "the suppression " + id
                    + " matched no finding of this run: fix its id or remove it"));
        }
        Map<GateCondition, StepStatus> shown = new EnumMap<>(GateCondition.class);
        status(r, "rls-coverage").ifPresent(a -> shown.put(GateCondition.RLS,
                status(r, "isolation").map(b -> worst(a, b)).orElse(StepStatus.NOT_TESTED)));
        // "100% of RLS checks" rests on the tally, not on findings a suppression can silence: a table with
        // RLS off, or one that leaks, keeps the condition unshown even when its findings were accepted.
        List<String> accepted = acceptedRlsGaps(r.tally());
        if (!accepted.isEmpty() && shown.containsKey(GateCondition.RLS) && shown.get(GateCondition.RLS).passed()) {
            shown.put(GateCondition.RLS, StepStatus.INCOMPLETE);
        }
        status(r, "foreign-keys").ifPresent(s -> shown.put(GateCondition.FOREIGN_KEYS, s));
        status(r, "integrity").ifPresent(s -> shown.put(GateCondition.SMOKE, s));
        if (shown.containsKey(GateCondition.SMOKE) && shown.get(GateCondition.SMOKE).passed() && r.tally().containsKey("smoke_inserts")
                && !(r.tally().get("smoke_inserts") instanceof Count)) {
            // integrity passed, but not one test row was written: the smoke half of the condition is unshown
            shown.put(GateCondition.SMOKE, StepStatus.NOT_TESTED);
        }
        StepStatus overall = r.steps().stream().map(StepResult::status).reduce(StepStatus.PASSED, VerificationStep::worst);
        overall = worst(overall, StepResult.statusOf(findings));
        if (!accepted.isEmpty() && overall.passed()) {
            overall = StepStatus.INCOMPLETE;
        }
        long failing = findings.stream().filter(Finding::fails).count();
        long suppressed = findings.stream().filter(Finding::suppressed).count();
        String summary = r.steps().size() + " families (" + String.join(", ", r.steps().stream().map(s -> s.step() + " " + s.status().tag()).toList())
                + "), " + failing + " failing" + (suppressed > 0 ? ", " + suppressed + " accepted by suppression" : "")
                + (accepted.isEmpty() ? "" : "; not isolated although accepted: " + String.join(", ", accepted));
        return new VerificationStep(new StepResult("verify", overall, summary, findings, r.tally(), List.of(), Duration.ZERO), shown);
    }

    /** Tally entries that say RLS is not shown in full: tables without RLS, leaking, not demonstrated. */
    public static List<String> acceptedRlsGaps(Map<String, Object> tally) {
        List<String> gaps = new ArrayList<>();
        if (tally.get("rls_enabled") instanceof Count c && !c.complete()) {
            gaps.add("rls enabled " + c);
        }
        if (tally.get("tables_leaking") instanceof Count c && c.passed() > 0) {
            gaps.add("tables leaking " + c);
        }
        if (tally.get("tables_not_demonstrated") instanceof Count c && c.passed() > 0) {
            gaps.add("tables not demonstrated " + c);
        }
        return gaps;
    }

    private static Optional<StepStatus> status(VerificationReport r, String family) {
        return r.steps().stream().filter(s -> s.step().equals(family)).map(StepResult::status).findFirst();
    }

    /** The status that says least: a failure beats a step not run, which beats a warning, which beats a pass. */
    static StepStatus worst(StepStatus a, StepStatus b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(StepStatus s) {
        return switch (s) {
            case PASSED -> 0;
            case WARNED -> 1;
            case SKIPPED -> 2;
            case NOT_TESTED -> 3;
            case INCOMPLETE -> 4;
            case FAILED -> 5;
            case ERROR -> 6;
        };
    }

    /** Null when the schema is still the one verify ran on; else what changed (its proof no longer holds). */
    static String changedSince(dev.stagegate.core.snapshot.SchemaSnapshot verified, java.sql.Connection c) {
        try {
            var d = dev.stagegate.core.snapshot.SnapshotDiff.between(verified, new dev.stagegate.core.snapshot.CatalogReader(c).read(false));
            return d.changes().isEmpty() ? null : "the schema changed after verify (" + d.changes().size()
                    + " change(s), e.g. " + d.changes().get(0).kind() + " " + d.changes().get(0).object() + "): run verify() again";
        } catch (java.sql.SQLException e) {
            return "the schema could not be read again after verify (SQLSTATE " + e.getSQLState() + ")";
        }
    }
}
