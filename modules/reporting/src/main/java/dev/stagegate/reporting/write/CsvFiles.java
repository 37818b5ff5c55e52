package dev.stagegate.reporting.write;

import dev.stagegate.core.result.Finding;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.QueryRecord;
import dev.stagegate.reporting.model.StepRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run as spreadsheets, written with Apache Commons CSV (RFC 4180, a header row): findings,
 * step timings, migration timings, benchmark results. Numbers are plain (dot decimals, no units in
 * the cell); an empty cell means the figure was not measured.
 */
public final class CsvFiles {

    public static final String GATE = "gate.csv";
    public static final String FINDINGS = "findings.csv";
    public static final String STEPS = "steps.csv";
    public static final String MIGRATIONS = "migrations.csv";
    public static final String BENCHMARK = "benchmark.csv";

    private CsvFiles() {
    }

    /** File name to content; benchmark.csv only when a bench step ran. */
    public static Map<String, String> all(ReportModel m) {
        GateReport r = m.report();
        Map<String, String> files = new LinkedHashMap<>();
        files.put(GATE, csv(List.of("run", "verdict", "exit_code", "steps_passed", "steps", "risk", "tasks_done", "rollback_triggers_fired",
                "not_shown"), p -> p.printRecord(text(r.runId()), r.decision(), r.exitCode(), r.stepsPassed(), r.stepsTotal(), m.risk().level(),
                m.tasks().done() + "/" + m.tasks().tasks().size(), String.join("; ", m.triggers().stream()
                        .filter(t -> t.state() == dev.stagegate.reporting.verdict.Trigger.State.FIRED
                        || t.state() == dev.stagegate.reporting.verdict.Trigger.State.ACCEPTED).map(t -> text(t.name() + ": " + t.state().label() + ": "
                        + t.evidence())).toList()), text(String.join("; ", r.notShown().keySet())))));
        files.put(FINDINGS, csv(List.of("step", "id", "code", "severity", "object", "fails", "accepted_reason", "message"), p -> {
            for (StepRecord s : r.steps()) {
                for (Finding f : s.findings()) {
                    p.printRecord(text(s.step()), text(f.id()), text(f.code()), f.severity(), text(f.object()), f.fails(), text(f.suppression()),
                            text(f.message()));
                }
            }
        }));
        files.put(STEPS, csv(List.of("task", "step", "status", "passed", "millis", "failing", "warnings", "accepted", "summary"), p -> {
            for (StepRecord s : r.steps()) {
                String task = m.tasks().tasks().stream().filter(t -> t.steps().contains(s)).map(Tasks.Task::code).findFirst().orElse("");
                p.printRecord(task, text(s.step()), s.status(), s.status().passed(), s.millis() < 0 ? "" : s.millis(), s.failing().size(),
                        s.warnings().size(), s.accepted().size(), text(s.summary()));
            }
        }));
        files.put(MIGRATIONS, csv(List.of("version", "target_millis", "rehearsal_millis"), p -> {
            java.util.Set<String> versions = new java.util.TreeSet<>(r.migrations().keySet());
            versions.addAll(r.rehearsed().keySet());
            for (String v : versions) {
                p.printRecord(text(v), r.migrations().containsKey(v) ? r.migrations().get(v) : "", r.rehearsed().containsKey(v) ? r.rehearsed().get(v) : "");
            }
        }));
        r.benchmark().ifPresent(b -> files.put(BENCHMARK, csv(List.of("query", "outcome", "ratio", "ci_low", "ci_high", "baseline_median_ms",
                "candidate_median_ms", "interleaved", "why"), p -> {
            for (QueryRecord q : b.queries()) {
                p.printRecord(text(q.id()), text(q.outcome()), num(q.ratio()), num(q.low()), num(q.high()), num(q.baselineMs()), num(q.candidateMs()),
                        b.interleaved(), text(q.why()));
            }
        })));
        return files;
    }

    interface Rows {
        void print(CSVPrinter p) throws IOException;
    }

    private static String csv(List<String> header, Rows rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get().print(out)) {
            rows.print(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * A text cell a spreadsheet must not run: a leading = + - @ (or a tab/CR) makes Excel and LibreOffice read
     * it as a formula, so such a cell gets a leading apostrophe (OWASP's advice for CSV injection).
     */
    static String text(Object value) {
        String s = (value == null ? "" : String.valueOf(value)).replaceAll("[\\p{Cntrl}&&[^\\t\\n\\r]]", "?");
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
