package dev.stagegate.reporting.write;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.reporting.model.BenchmarkRecord;
import dev.stagegate.reporting.model.ConditionRecord;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.QueryRecord;
import dev.stagegate.reporting.model.StepRecord;
import dev.stagegate.reporting.verdict.RiskAssessment;
import dev.stagegate.reporting.verdict.Trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.stagegate.reporting.write.Html.esc;

/**
 * {@code report.html}: the readiness report's content in one self-contained file (inline CSS and
 * SVG; no script, no font, no external reference; a Content-Security-Policy that forbids loading
 * anything), with four charts: the tasks' planned against actual time, the migrations' durations,
 * the queries' candidate/baseline ratio with its interval, and the findings by severity.
 */
public final class HtmlReport {

    public static final String FILE = "report.html";
    /** Nothing may load: not a style sheet, an image, a font or a frame. Inline style and data: images only. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    private static final String GREEN = "#2e7d32";
    private static final String RED = "#c62828";
    private static final String AMBER = "#ef8f00";
    private static final String GREY = "#9e9e9e";
    private static final String BLUE = "#1565c0";

    private HtmlReport() {
    }

    public static String html(ReportModel m) {
        GateReport r = m.report();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Staging migration readiness: ").append(esc(r.decision())).append(" (").append(esc(r.runId())).append(")</title>")
                .append("<style>").append(STYLE).append("</style></head><body>\n");
        h.append("<h1>Staging migration readiness report</h1>\n<p class=\"run\">Run <code>").append(esc(r.runId()))
                .append("</code>, made from its gate_results.json; <code>stagegate report &lt;run folder&gt;</code> makes it again.</p>\n");
        String cls = switch (r.decision()) {
            case "GO" -> "go";
            case "NO-GO" -> "nogo";
            default -> "incomplete";
        };
        h.append("<div class=\"verdict ").append(cls).append("\"><strong>").append(esc(m.decisionWords())).append("</strong><br>")
                .append(r.stepsPassed()).append('/').append(r.stepsTotal()).append(" steps passed &middot; risk <strong>").append(m.risk().level())
                .append("</strong> &middot; tasks ").append(m.tasks().done()).append('/').append(m.tasks().tasks().size()).append("</div>\n");
        if (r.error() != null) {
            h.append("<p class=\"bad\">The run stopped before its end: ").append(esc(r.error())).append("</p>\n");
        }

        h.append("<h2>What GO needs</h2>\n<table><tr><th>Condition</th><th>State</th><th>Step status</th><th>Why</th></tr>\n");
        for (ConditionRecord c : r.conditions()) {
            h.append("<tr class=\"").append(c.state().equals("SHOWN") ? "ok" : c.state().equals("WAIVED") ? "warn" : "open").append("\"><td>")
                    .append(esc(c.meaning())).append("</td><td class=\"s\">").append(esc(c.state().replace('_', ' '))).append("</td><td>")
                    .append(esc(c.stepStatus() == null ? "no step" : c.stepStatus())).append("</td><td>").append(esc(c.why())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Rollback triggers</h2>\n<table><tr><th>Trigger</th><th>State</th><th>Evidence</th></tr>\n");
        for (Trigger t : m.triggers()) {
            h.append("<tr class=\"").append(t.state() == Trigger.State.FIRED ? "bad" : t.state() == Trigger.State.CLEAR ? "ok" : "open").append("\"><td>")
                    .append(esc(t.name())).append("</td><td class=\"s\">").append(esc(t.state().label())).append("</td><td>").append(esc(t.evidence())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Metrics dashboard</h2>\n<div class=\"dash\">");
        for (Dashboard.Section s : m.dashboard().sections()) {
            h.append("<section><h3>").append(esc(s.title())).append("</h3><ul>");
            for (Dashboard.Metric x : s.metrics()) {
                h.append("<li class=\"").append(x.ok() == null ? "na" : x.ok() ? "ok" : "bad").append("\">").append(esc(x.label())).append(": <b>")
                        .append(esc(x.value())).append("</b></li>");
            }
            h.append("</ul></section>");
        }
        h.append("</div>\n");

        RiskAssessment risk = m.risk();
        h.append("<h2>Risk assessment: ").append(risk.level()).append("</h2>\n<ul>");
        risk.reasons().forEach(x -> h.append("<li><b>").append(x.level()).append("</b> ").append(esc(x.text())).append("</li>"));
        h.append("</ul><h3>Mitigating factors</h3><ul>");
        risk.mitigations().forEach(x -> h.append("<li>").append(esc(x)).append("</li>"));
        h.append("</ul><h3>Contingency</h3><ul>");
        risk.contingency().forEach(x -> h.append("<li>").append(esc(x)).append("</li>"));
        h.append("</ul>\n");

        h.append("<h2>Charts</h2>\n<figure><figcaption>Tasks: planned (grey) and actual (blue) time, log scale</figcaption>")
                .append(timeline(m)).append("</figure>\n");
        h.append("<figure><figcaption>Migrations: time on the target (blue) and on the rehearsal copy (grey), ms</figcaption>")
                .append(migrations(r)).append("</figure>\n");
        r.benchmark().ifPresent(b -> h.append("<figure><figcaption>Queries: candidate/baseline median ratio with its 95% interval</figcaption>")
                .append(queries(b)).append("</figure>\n"));
        h.append("<figure><figcaption>Findings by severity</figcaption>").append(severities(r)).append("</figure>\n");

        h.append("<h2>Tasks (CE-20 .. CE-28)</h2>\n<table><tr><th>Task</th><th>What</th><th>Status</th><th>Planned</th><th>Actual</th><th>Note</th></tr>\n");
        for (Tasks.Task t : m.tasks().tasks()) {
            h.append("<tr class=\"").append(t.state() == Tasks.State.DONE ? "ok" : t.state() == Tasks.State.FAILED ? "bad" : "open").append("\"><td>")
                    .append(t.code()).append("</td><td>").append(esc(t.title())).append("</td><td class=\"s\">").append(TaskTracker.label(t.state())).append("</td><td>")
                    .append(t.plannedMinutes()).append(" min</td><td>").append(t.actualMillis() < 0 ? "" : esc(Dashboard.millis(t.actualMillis())))
                    .append("</td><td>").append(esc(t.note())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Steps</h2>\n<table><tr><th>Step</th><th>Status</th><th>Time</th><th>Summary</th></tr>\n");
        for (StepRecord s : r.steps()) {
            h.append("<tr class=\"").append(s.status().passed() ? "ok" : s.status().failed() ? "bad" : "open").append("\"><td>").append(esc(s.step()))
                    .append("</td><td class=\"s\">").append(esc(s.status().tag())).append("</td><td>").append(s.millis() < 0 ? "" : esc(Dashboard.millis(s.millis())))
                    .append("</td><td>").append(esc(s.summary())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        findings(h, "Failing findings", r, Finding::fails);
        findings(h, "Warnings", r, f -> !f.suppressed() && f.severity() == Severity.WARNING);
        findings(h, "Accepted findings", r, Finding::suppressed);
        return h.append("</body></html>\n").toString();
    }

    private static void findings(StringBuilder h, String title, GateReport r, java.util.function.Predicate<Finding> which) {
        List<String[]> rows = new ArrayList<>();
        for (StepRecord s : r.steps()) {
            for (Finding f : s.findings()) {
                if (which.test(f)) {
                    rows.add(new String[] {s.step(), f.id(), f.severity().name(), f.suppressed() ? f.suppression() : "", f.message()});
                }
            }
        }
        h.append("<h2>").append(esc(title)).append(" (").append(rows.size()).append(")</h2>\n");
        if (rows.isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<table><tr><th>Step</th><th>Id</th><th>Severity</th><th>Accepted because</th><th>Message</th></tr>\n");
        for (String[] x : rows) {
            h.append("<tr>");
            for (String c : x) {
                h.append("<td>").append(esc(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** log10(seconds) + 1, so 0.1 s is 0 and an hour is 4.6: planned minutes and actual seconds on one axis. */
    private static double log(double seconds) {
        return Math.max(0, Math.log10(Math.max(seconds, 0.1)) + 1);
    }

    private static String timeline(ReportModel m) {
        List<Svg.Bar> bars = new ArrayList<>();
        for (Tasks.Task t : m.tasks().tasks()) {
            bars.add(Svg.Bar.of(t.code() + " planned", log(t.plannedMinutes() * 60.0), GREY, t.plannedMinutes() + " min"));
            bars.add(t.actualMillis() < 0 ? Svg.Bar.of(t.code() + " actual", Double.NaN, BLUE, TaskTracker.label(t.state()))
                    : Svg.Bar.of(t.code() + " actual", log(t.actualMillis() / 1000.0), BLUE, Dashboard.millis(t.actualMillis())));
        }
        return Svg.bars("tasks planned and actual", bars, log(3600), List.of(log(1), log(10), log(60), log(600), log(3600)),
                List.of("1 s", "10 s", "1 min", "10 min", "1 h"));
    }

    private static String migrations(GateReport r) {
        Set<String> versions = new java.util.TreeSet<>(r.migrations().keySet());
        versions.addAll(r.rehearsed().keySet());
        if (versions.isEmpty()) {
            return "<p>No migration was timed in this run.</p>";
        }
        List<Svg.Bar> bars = new ArrayList<>();
        double max = 1;
        for (String v : versions) {
            Long target = r.migrations().get(v);
            Long copy = r.rehearsed().get(v);
            bars.add(target == null ? Svg.Bar.of(v + " target", Double.NaN, BLUE, "not applied to the target")
                    : Svg.Bar.of(v + " target", target, BLUE, target + " ms"));
            if (copy != null) {
                bars.add(Svg.Bar.of(v + " rehearsal", copy, GREY, copy + " ms"));
            }
            max = Math.max(max, Math.max(target == null ? 0 : target, copy == null ? 0 : copy));
        }
        return Svg.bars("migration durations", bars, max, List.of(), List.of());
    }

    private static String queries(BenchmarkRecord b) {
        List<Svg.Bar> bars = new ArrayList<>();
        double max = b.rollbackFactor() * 1.15;
        for (QueryRecord q : b.queries()) {
            if (Double.isNaN(q.ratio())) {
                bars.add(Svg.Bar.of(q.id(), Double.NaN, GREY, q.outcome()));
                continue;
            }
            String colour = q.failed() ? RED : !q.decided() ? GREY : q.outcome().equals("PASS") ? GREEN : AMBER;
            double high = Double.isNaN(q.high()) ? q.ratio() : q.high();
            max = Math.max(max, high * 1.05);
            bars.add(new Svg.Bar(q.id(), q.ratio(), Double.isNaN(q.low()) ? q.ratio() : q.low(), high, colour,
                    String.format(Locale.ROOT, "%.2f (%.2f-%.2f) %s", q.ratio(), q.low(), high, q.outcome())));
        }
        return Svg.bars("query ratios", bars, max, List.of(1.0, b.passFactor(), b.rollbackFactor()),
                List.of("1.00", String.format(Locale.ROOT, "%.2f", b.passFactor()), String.format(Locale.ROOT, "%.2f", b.rollbackFactor())));
    }

    private static String severities(GateReport r) {
        List<Svg.Bar> bars = new ArrayList<>();
        long max = 1;
        for (Severity s : new Severity[] {Severity.CRITICAL, Severity.ERROR, Severity.WARNING, Severity.INFO}) {
            long n = r.findings().stream().filter(f -> !f.suppressed() && f.severity() == s).count();
            max = Math.max(max, n);
            bars.add(Svg.Bar.of(s.name(), n, s == Severity.INFO ? GREY : s == Severity.WARNING ? AMBER : RED, String.valueOf(n)));
        }
        long accepted = r.findings().stream().filter(Finding::suppressed).count();
        bars.add(Svg.Bar.of("accepted", accepted, BLUE, String.valueOf(accepted)));
        return Svg.bars("findings by severity", bars, Math.max(max, accepted), List.of(), List.of());
    }

    private static final String STYLE = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:70rem;"
            + "color:#222;line-height:1.4;padding:0 1rem}h1{margin-bottom:.2rem}.run{color:#555;margin-top:0}"
            + "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;"
            + "text-align:left;vertical-align:top}th{background:#f3f3f3}tr.ok td.s{color:" + GREEN + "}tr.bad td.s{color:"
            + RED + ";font-weight:bold}tr.open td.s,tr.warn td.s{color:" + AMBER + "}"
            + ".verdict{padding:1rem;border-radius:.4rem;margin:1rem 0;font-size:1.1rem}.go{background:#e8f5e9;border:2px solid " + GREEN + "}"
            + ".nogo{background:#ffebee;border:2px solid " + RED + "}.incomplete{background:#fff8e1;border:2px solid " + AMBER + "}"
            + ".dash{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}.dash section{border:1px solid #ddd;"
            + "border-radius:.4rem;padding:.5rem 1rem}.dash ul{padding-left:1.2rem;margin:.3rem 0}li.ok::marker{color:" + GREEN + "}li.bad{color:" + RED
            + "}li.na{color:#666}figure{margin:1rem 0}figcaption{font-weight:bold;margin-bottom:.3rem}.bad{color:" + RED + "}"
            + "code{background:#f3f3f3;padding:0 .2rem}";
}
