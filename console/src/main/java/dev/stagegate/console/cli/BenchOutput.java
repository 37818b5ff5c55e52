package dev.stagegate.console.cli;

import dev.stagegate.benchmark.PerformanceResult;
import dev.stagegate.benchmark.verdict.Outcome;
import dev.stagegate.benchmark.verdict.QueryVerdict;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.result.Finding;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** What `stagegate bench` prints: a line per query, the findings, the files, the verdict; and its exit code. */
final class BenchOutput {

    private BenchOutput() {
    }

    static int print(PerformanceResult r, dev.stagegate.benchmark.verdict.Thresholds t, PrintWriter out) {
        for (QueryVerdict q : r.verdicts().values()) {
            out.printf(Locale.ROOT, "%-11s %-32s r %.3f (95%% CI %.3f-%.3f)  %s%n", q.outcome(), q.id(), q.ratio(), q.low(), q.high(), q.why());
        }
        for (Finding f : r.findings()) {
            if (!f.code().equals("BENCH_NO_VERDICT") && !f.code().equals("BENCH_SLOWER") && !f.code().equals("BENCH_ROLLBACK_TRIGGER")) {
                out.println("[" + f.severity() + "] " + f.code() + " " + f.object() + ": " + f.message());
            }
        }
        for (Path p : r.files()) {
            out.println("wrote " + p);
        }
        java.util.List<String> failing = r.findings().stream().filter(Finding::fails).map(Finding::code).distinct().toList();
        Outcome worst = r.worst();
        String marker = r.interleaved() ? "" : " (not interleaved: host drift is not controlled)";
        if (!failing.isEmpty() && worst != Outcome.ROLLBACK && worst != Outcome.FAIL && worst != Outcome.FAIL_SOFT) {
            // a failing finding decides whatever the timing said: a broken result, a big table read by a seq scan, a leak
            out.println("VERDICT: FAIL (the timing says " + worst + ", but " + String.join(", ", failing) + " fails the check)" + marker);
            return ExitCode.NO_GO.code();
        }
        out.println("VERDICT: " + worst + (worst == Outcome.ROLLBACK ? " (a rollback trigger: a query is " + t.rollbackPercent() + " slower or more, or broke)" : "")
                + marker);
        if (worst == Outcome.NO_VERDICT || worst == Outcome.INCONCLUSIVE) {
            return ExitCode.NO_VERDICT.code();
        }
        return worst.passes() ? ExitCode.GO.code() : ExitCode.NO_GO.code();
    }
}
