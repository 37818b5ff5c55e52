package dev.stagegate.reporting.write;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.MarkdownTable;
import dev.stagegate.reporting.model.ConditionRecord;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.StepRecord;
import dev.stagegate.reporting.verdict.RiskAssessment;
import dev.stagegate.reporting.verdict.Trigger;

import java.util.List;

/**
 * {@code STAGING_MIGRATION_READINESS_REPORT.md} (seed 001, CE-28): the executive summary, the
 * metrics dashboard, the risk assessment with mitigations and contingency, the rollback triggers,
 * the steps, and the findings that failed, warned or were accepted (with their reasons).
 */
public final class ReadinessReport {

    public static final String FILE = "STAGING_MIGRATION_READINESS_REPORT.md";

    private ReadinessReport() {
    }

    public static String markdown(ReportModel m) {
        GateReport r = m.report();
        StringBuilder md = new StringBuilder("# Staging migration readiness report\n\n");
        md.append("Run `").append(Md.text(r.runId())).append("`. ").append("Made by stagegate from this run's results (gate_results.json); ")
                .append("`stagegate report <run folder>` makes it again.\n\n");
        md.append("## Executive summary\n\n");
        md.append("**").append(m.decisionWords()).append("** (").append(r.stepsPassed()).append('/').append(r.stepsTotal())
                .append(" steps passed). Risk: **").append(m.risk().level()).append("**.\n\n");
        if (r.error() != null) {
            md.append("The run stopped before its end: ").append(Md.text(r.error())).append(".\n\n");
        }
        m.triggers().stream().filter(t -> t.state() == Trigger.State.FIRED)
                .forEach(t -> md.append("- Rollback trigger FIRED: ").append(Md.text(t.name())).append(": ").append(Md.text(t.evidence())).append('\n'));
        r.notShown().forEach((c, why) -> md.append("- Not shown: ").append(Md.text(c)).append(": ").append(Md.text(why)).append('\n'));
        r.notTestedInFull().forEach(s -> md.append("- Not tested in full: ").append(Md.text(s)).append('\n'));
        r.waived().forEach((c, why) -> md.append("- Waived: ").append(Md.text(c)).append(": ").append(Md.text(why)).append('\n'));
        md.append('\n');
        MarkdownTable conditions = new MarkdownTable("What GO needs", "State", "Step status", "Why");
        for (ConditionRecord c : r.conditions()) {
            conditions.row(Md.cell(c.meaning()), Md.cell(c.state().replace('_', ' ')), c.stepStatus() == null ? "no step" : Md.cell(c.stepStatus()), Md.cell(c.why()));
        }
        conditions.appendTo(md);

        md.append("## Metrics dashboard\n\n");
        for (Dashboard.Section s : m.dashboard().sections()) {
            md.append("### ").append(s.title()).append("\n\n");
            for (Dashboard.Metric x : s.metrics()) {
                md.append("- ").append(mark(x.ok())).append(' ').append(Md.text(x.label())).append(": ").append(Md.text(x.value())).append('\n');
            }
            md.append('\n');
        }

        RiskAssessment risk = m.risk();
        md.append("## Risk assessment\n\n**Risk level: ").append(risk.level()).append("**\n\n### Reasons\n\n");
        risk.reasons().forEach(x -> md.append("- ").append(x.level()).append(": ").append(Md.text(x.text())).append('\n'));
        md.append("\n### Mitigating factors\n\n");
        if (risk.mitigations().isEmpty()) {
            md.append("- none shown by this run\n");
        }
        risk.mitigations().forEach(x -> md.append("- ").append(Md.text(x)).append('\n'));
        md.append("\n### Contingency\n\n");
        risk.contingency().forEach(x -> md.append("- ").append(Md.text(x)).append('\n'));

        md.append("\n## Rollback triggers\n\nAny one fired means roll back (seed 000). NOT EVALUATED is not clear: no step produced what it reads.\n\n");
        MarkdownTable triggers = new MarkdownTable("Trigger", "State", "Evidence");
        m.triggers().forEach(t -> triggers.row(t.name(), t.state().label(), Md.cell(t.evidence())));
        triggers.appendTo(md);

        md.append("## Steps\n\n");
        MarkdownTable steps = new MarkdownTable("Step", "Status", "Time", "Summary");
        for (StepRecord s : r.steps()) {
            steps.row(Md.cell(s.step()), s.status().tag(), s.millis() < 0 ? "" : Dashboard.millis(s.millis()), Md.cell(s.summary()));
        }
        steps.appendTo(md);

        findings(md, "Failing findings", r.steps().stream().flatMap(s -> s.failing().stream().map(f -> new Located(s, f))).toList(), false);
        findings(md, "Warnings", r.steps().stream().flatMap(s -> s.warnings().stream().map(f -> new Located(s, f))).toList(), false);
        findings(md, "Accepted findings", r.steps().stream().flatMap(s -> s.accepted().stream().map(f -> new Located(s, f))).toList(), true);
        return md.toString();
    }

    record Located(StepRecord step, Finding finding) {
    }

    private static void findings(StringBuilder md, String title, List<Located> list, boolean reasons) {
        md.append("## ").append(title).append(" (").append(list.size()).append(")\n\n");
        if (list.isEmpty()) {
            md.append("None.\n\n");
            return;
        }
        MarkdownTable t = reasons ? new MarkdownTable("Step", "Id", "Severity", "Reason it was accepted", "Message")
                : new MarkdownTable("Step", "Id", "Severity", "Message");
        for (Located l : list) {
            Finding f = l.finding();
            if (reasons) {
                t.row(Md.cell(l.step().step()), Md.cell(f.id()), f.severity(), Md.cell(f.suppression()), Md.cell(f.message()));
            } else {
                t.row(Md.cell(l.step().step()), Md.cell(f.id()), f.severity(), Md.cell(f.message()));
            }
        }
        t.appendTo(md);
    }

    static String mark(Boolean ok) {
        return ok == null ? "[ ]" : ok ? "[x]" : "[!]";
    }
}
