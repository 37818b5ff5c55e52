package dev.stagegate.reporting.write;

import dev.stagegate.core.result.Finding;
import dev.stagegate.reporting.model.BenchmarkRecord;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.Tally;
import dev.stagegate.reporting.model.StepRecord;
import dev.stagegate.reporting.verdict.Trigger;

import java.util.List;
import java.util.Optional;

/**
 * {@code PRODUCTION_MIGRATION_GO_NO_GO.md}: the seeds' checklist (seed 001 CE-28 step 5, seed 000's
 * production approval). Each item is ticked from evidence, or left open with why; items about people
 * (sign-offs, windows, team) and about migration day are boxes to fill in by hand.
 */
public final class GoNoGoChecklist {

    public static final String FILE = "PRODUCTION_MIGRATION_GO_NO_GO.md";
    static final String BY_HAND = "to fill in by hand";

    private GoNoGoChecklist() {
    }

    public static String markdown(ReportModel m) {
        GateReport r = m.report();
        StringBuilder md = new StringBuilder("# Production migration go/no-go checklist\n\n");
        md.append("Run `").append(Md.text(r.runId())).append("`: **").append(m.decisionWords()).append("**. Risk ").append(m.risk().level())
                .append(". A ticked box rests on this run's evidence; an open one says why it is open.\n\n");

        md.append("## Pre-migration requirements\n\n");
        List<StepRecord> notPassed = r.steps().stream().filter(s -> !s.status().passed()).toList();
        String stopped = r.error() == null ? "" : "; the run stopped before its end: " + r.error();
        item(md, notPassed.isEmpty() && r.stepsTotal() > 0 && r.notShown().isEmpty() && r.error() == null, "All staging tests passed",
                (notPassed.isEmpty() ? r.stepsPassed() + "/" + r.stepsTotal() + " steps passed" + (r.notShown().isEmpty() ? "" : "; not shown: "
                        + String.join(", ", r.notShown().keySet())) : "not passed: " + String.join(", ", notPassed.stream().map(s -> s.step() + " "
                        + s.status()).toList())) + stopped);
        Optional<StepRecord> cycle = r.stepsStarting("rollback cycle").stream().findFirst();
        item(md, cycle.map(s -> s.status().passed()).orElse(false), "Rollback procedure tested",
                cycle.map(s -> s.status().tag() + ": " + s.summary()).orElse("no rollbackCycle step ran"));
        Optional<StepRecord> backup = r.stepsStarting("backup pre_migration").stream().findFirst();
        item(md, backup.map(s -> r.restoreTested(s)).orElse(false), "Backup strategy verified",
                backup.map(s -> s.status().tag() + ": " + s.summary()).orElse("no backup step ran"));
        hand(md, "Maintenance window scheduled" + (m.windowMinutes() > 0 ? " (" + m.windowMinutes() + " min given to the report)" : ""));
        hand(md, "Stakeholder approval obtained");
        hand(md, "Team availability confirmed");

        md.append("\n## Production approval criteria\n\n");
        Tasks tasks = m.tasks();
        item(md, tasks.done() == tasks.tasks().size(), "All 9 tasks completed successfully", tasks.done() + "/" + tasks.tasks().size()
                + " done (CE-P0-06_TASK_TRACKER.md)");
        long failing = r.findings().stream().filter(Finding::fails).count();
        item(md, failing == 0 && r.stepsTotal() > 0 && r.stepsPassed() == r.stepsTotal() && r.error() == null, "All tests passed (100%)",
                r.stepsPassed() + "/" + r.stepsTotal() + " steps passed, " + failing + " failing finding(s)" + (failing == 0 ? ""
                        : ": " + String.join(", ", r.findings().stream().filter(Finding::fails).map(Finding::id).toList())));
        Optional<BenchmarkRecord> b = r.benchmark();
        boolean perf = r.conditions().stream().anyMatch(c -> c.id().equals("performance") && c.state().equals("SHOWN"));
        item(md, perf, "Performance acceptable (under " + b.map(x -> Tally.percent(x.passFactor())).orElse("10%") + " degradation)",
                b.map(x -> x.passed() + "/" + x.queries().size() + " queries within the threshold, benchmark verdict " + x.verdict())
                        .orElse("no bench step ran") + (perf ? "" : "; the performance condition is not shown"));
        item(md, cycle.map(s -> s.status().passed()).orElse(false), "Rollback procedure tested (forward, back, forward on a copy)",
                cycle.map(StepRecord::summary).orElse("no rollbackCycle step ran"));
        List<String> missing = tasks.missingForPackage(r.folder());
        item(md, missing.isEmpty(), "Evidence package complete", (missing.isEmpty() ? "every task ran and left its deliverables"
                : "missing: " + String.join(", ", missing)) + "; the package is " + EvidencePackage.name(r.runId())
                + "/ (logs/, docs/, backups/), every file listed with its SHA-256 (check: cd there; sha256sum -c manifest-sha256.txt)");

        md.append("\n## Rollback triggers (any one fired: do not go)\n\n");
        for (Trigger t : m.triggers()) {
            md.append("- [").append(t.state() == Trigger.State.CLEAR ? 'x' : ' ').append("] not fired: ").append(t.name()).append(" — ")
                    .append(t.state().label()).append(": ").append(Md.text(t.evidence())).append('\n');
        }

        md.append("\n## Migration day requirements (in production, by hand)\n\n");
        for (String s : List.of("Production backup completed", "Maintenance mode enabled", "Traffic redirected", "Migration team on standby",
                "Monitoring dashboard active")) {
            hand(md, s);
        }
        md.append("\n## Post-migration requirements (in production, by hand)\n\n");
        for (String s : List.of("All smoke tests pass", "Performance benchmarks acceptable", "No critical errors in logs", "CTO sign-off obtained")) {
            hand(md, s);
        }
        md.append("\n## Decision\n\n- stagegate's verdict: **").append(r.decision()).append("**\n")
                .append("- [ ] APPROVED FOR PRODUCTION  - [ ] NOT READY (").append(BY_HAND).append(")\n")
                .append("- Approver: ______________  Date/Time: ______________\n");
        return md.toString();
    }

    private static void item(StringBuilder md, boolean ticked, String what, String evidence) {
        md.append("- [").append(ticked ? 'x' : ' ').append("] ").append(Md.text(what)).append(" — ").append(ticked ? "" : "open: ").append(Md.text(evidence)).append('\n');
    }

    private static void hand(StringBuilder md, String what) {
        md.append("- [ ] ").append(what).append(" — ").append(BY_HAND).append('\n');
    }
}
