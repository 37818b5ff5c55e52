package dev.stagegate.reporting.write;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.MarkdownTable;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.StepRecord;

import java.util.Map;

/**
 * {@code CE-P0-06_TASK_TRACKER.md} (seed 000): the nine tasks with status, progress {@code n/9} and
 * its bar, planned against actual time, each task's deliverables checked in the run folder, and an
 * issue log of every failing or accepted finding.
 */
public final class TaskTracker {

    public static final String FILE = "CE-P0-06_TASK_TRACKER.md";

    private TaskTracker() {
    }

    public static String markdown(ReportModel m) {
        GateReport r = m.report();
        Tasks tasks = m.tasks();
        int n = tasks.tasks().size();
        long done = tasks.done();
        StringBuilder md = new StringBuilder("# CE-P0-06 task tracker\n\n");
        md.append("Run `").append(Md.text(r.runId())).append("`: ").append(Md.text(r.verdictLine())).append("\n\n");
        md.append("**Progress: ").append(done).append('/').append(n).append(" tasks done** `").append(bar(done, n)).append("` ")
                .append(Math.round(100.0 * done / n)).append("%\n\n");
        long planned = tasks.tasks().stream().mapToLong(Tasks.Task::plannedMinutes).sum();
        md.append("Planned ").append(planned).append(" min; actual ").append(Dashboard.millis(r.totalMillis()))
                .append(" (the gate's steps; people's time is not in it).\n\n");
        MarkdownTable t = new MarkdownTable("Task", "What", "Status", "Planned", "Actual", "Steps", "Note");
        for (Tasks.Task x : tasks.tasks()) {
            t.row(x.code(), x.title(), label(x.state()), x.plannedMinutes() + " min", x.actualMillis() < 0 ? "" : Dashboard.millis(x.actualMillis()),
                    Md.cell(String.join(", ", x.steps().stream().map(s -> s.step() + " " + s.status().tag()).distinct().toList())), Md.cell(x.note()));
        }
        t.appendTo(md);

        md.append("## Deliverables\n\n");
        for (Tasks.Task x : tasks.tasks()) {
            Map<String, Boolean> d = x.deliverables(r.folder());
            if (d.isEmpty()) {
                continue;
            }
            md.append("**").append(x.code()).append("**\n\n");
            d.forEach((f, here) -> md.append("- [").append(here ? 'x' : ' ').append("] `").append(f).append('`').append(here ? "" : " (not in the run folder)")
                    .append('\n'));
            md.append('\n');
        }
        md.append("**CE-28**\n\n");
        for (String f : dev.stagegate.reporting.Reports.DOCUMENTS) {
            if (f.equals(CsvFiles.BENCHMARK) && r.benchmark().isEmpty()) {
                continue;
            }
            if (f.equals(FILE)) {
                md.append("- [x] `").append(f).append("` (this file)\n");
            } else if (f.equals(Manifest.FILE)) {
                md.append("- [ ] `").append(EvidencePackage.name(r.runId())).append("/` and `").append(f).append("`: written after this file\n");
            } else {
                // the tracker is written after the other documents: each is ticked only if it is there
                boolean here = java.nio.file.Files.isRegularFile(r.folder().resolve(f));
                md.append("- [").append(here ? 'x' : ' ').append("] `").append(f).append('`').append(here ? "" : " (not written)").append('\n');
            }
        }

        md.append("\n## Issue log\n\nEvery failing or accepted finding of the run.\n\n");
        MarkdownTable log = new MarkdownTable("#", "Task", "Step", "Issue", "Severity", "Status", "Resolution");
        int i = 0;
        for (StepRecord s : r.steps()) {
            String task = tasks.tasks().stream().filter(x -> x.steps().contains(s)).map(Tasks.Task::code).findFirst().orElse("");
            for (Finding f : s.findings()) {
                if (f.fails() || f.suppressed()) {
                    log.row(++i, task, Md.cell(s.step()), Md.cell(f.id() + ": " + f.message()), f.severity(), f.suppressed() ? "accepted" : "open",
                            f.suppressed() ? Md.cell(f.suppression()) : "");
                }
            }
        }
        if (i == 0) {
            md.append("No failing or accepted finding.\n");
        } else {
            log.appendTo(md);
        }
        return md.toString();
    }

    static String label(Tasks.State s) {
        return switch (s) {
            case DONE -> "done";
            case FAILED -> "FAILED";
            case INCOMPLETE -> "incomplete";
            case NOT_RUN -> "not run";
        };
    }

    /** {@code [######----]}: ten cells. */
    static String bar(long done, int of) {
        int filled = (int) Math.round(10.0 * done / of);
        return "[" + "#".repeat(filled) + "-".repeat(10 - filled) + "]";
    }
}
