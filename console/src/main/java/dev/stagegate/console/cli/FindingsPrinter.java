package dev.stagegate.console.cli;

import dev.stagegate.core.result.Finding;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Findings as lines a DBA reads top to bottom: worst first, suppressed ones marked. */
final class FindingsPrinter {

    private FindingsPrinter() {
    }

    static void print(PrintWriter out, List<Finding> findings) {
        findings.stream()
                .sorted((a, b) -> b.severity().compareTo(a.severity()))
                .forEach(f -> out.printf(Locale.ROOT, "%-8s %-30s %s%n      %s%s%n", f.severity(), f.code(), f.object(),
                        f.message(), f.suppressed() ? "\n      suppressed: " + f.suppression() : ""));
    }

    static String tally(List<Finding> findings) {
        long failing = findings.stream().filter(Finding::fails).count();
        long warnings = findings.stream().filter(f -> !f.suppressed() && f.severity() == dev.stagegate.core.result.Severity.WARNING).count();
        long suppressed = findings.stream().filter(Finding::suppressed).count();
        return failing + " failing, " + warnings + " warning(s), " + suppressed + " suppressed";
    }
}
