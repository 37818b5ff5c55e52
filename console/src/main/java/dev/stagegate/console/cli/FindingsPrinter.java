package dev.stagegate.console.cli;

import dev.stagegate.core.result.Finding;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Findings as lines a DBA reads top to bottom: worst first, suppressed ones marked. */
final class FindingsPrinter {

    private FindingsPrinter() {
    }

    /** More findings than this of one code and severity below ERROR are shown as a group (a 500-table schema). */
    static final int GROUP_OVER = 5;

    static void print(PrintWriter out, List<Finding> findings) {
        java.util.Map<String, List<Finding>> groups = new java.util.LinkedHashMap<>();
        findings.stream().sorted((a, b) -> b.severity().compareTo(a.severity()))
                .forEach(f -> groups.computeIfAbsent(f.severity() + " " + f.code() + " " + f.suppressed(), k -> new java.util.ArrayList<>()).add(f));
        for (List<Finding> group : groups.values()) {
            Finding first = group.get(0);
            boolean collapse = group.size() > GROUP_OVER && !first.fails() && !first.suppressed();
            for (Finding f : collapse ? group.subList(0, 3) : group) {
                out.printf(Locale.ROOT, "%-8s %-30s %s%n      %s%s%n", f.severity(), f.code(), f.object(),
                        f.message(), f.suppressed() ? "\n      suppressed: " + f.suppression() : "");
            }
            if (collapse) {
                out.printf(Locale.ROOT, "%-8s %-30s ... and %d more of the same (all in the report): %s%n", first.severity(), first.code(),
                        group.size() - 3, String.join(", ", group.subList(3, Math.min(group.size(), 8)).stream().map(Finding::object).toList())
                                + (group.size() > 8 ? ", ..." : ""));
            }
        }
    }

    static String tally(List<Finding> findings) {
        long failing = findings.stream().filter(Finding::fails).count();
        long warnings = findings.stream().filter(f -> !f.suppressed() && f.severity() == dev.stagegate.core.result.Severity.WARNING).count();
        long suppressed = findings.stream().filter(Finding::suppressed).count();
        return failing + " failing, " + warnings + " warning(s), " + suppressed + " suppressed";
    }
}
