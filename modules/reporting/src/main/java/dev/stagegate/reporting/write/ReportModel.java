package dev.stagegate.reporting.write;

import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.verdict.RiskAssessment;
import dev.stagegate.reporting.verdict.RollbackTriggers;
import dev.stagegate.reporting.verdict.Trigger;

import java.util.List;

/**
 * What every document shows, computed once from a {@link GateReport}: the triggers, the risk, the
 * dashboard and the tasks. The writers only format it, so no two documents can disagree.
 *
 * @param windowMinutes the maintenance window the risk is judged against, 0 when not given
 */
public record ReportModel(GateReport report, List<Trigger> triggers, RiskAssessment risk, Dashboard dashboard, Tasks tasks, long windowMinutes) {

    public static ReportModel of(GateReport r, long windowMinutes) {
        List<Trigger> triggers = RollbackTriggers.evaluate(r);
        return new ReportModel(r, triggers, RiskAssessment.of(r, triggers, windowMinutes), Dashboard.of(r), Tasks.of(r, true), windowMinutes);
    }

    /** The same model with CE-28 failed: what the tracker says when a document could not be written. */
    public ReportModel reportFailed() {
        return new ReportModel(report, triggers, risk, dashboard, Tasks.of(report, false), windowMinutes);
    }

    /** "GO: ready for production", "NO-GO: roll back / do not migrate", ... */
    public String decisionWords() {
        return switch (report.decision()) {
            case "GO" -> "GO: every condition was shown by a step that ran and passed";
            case "NO-GO" -> "NO-GO: do not take these migrations to production";
            case "INCOMPLETE" -> "INCOMPLETE: nothing failed, but not everything GO needs was shown";
            default -> "NO VERDICT: the run stopped before its end";
        };
    }
}
