package dev.stagegate.migration.lint;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Severity by table size, and one finding per rule and file. 31 foreign keys added in one file
 * are one decision for the author, so they are one finding: "31 statements", with each statement
 * (biggest tables first) in the proof.
 */
final class FindingGroups {

    /** A hit with its size-aware severity and its suppression reason (null: not suppressed). */
    record Judged(Hit hit, Severity severity, String sizedTable, TableSize size, String reason) {

        long weight() {
            return size == null ? -1 : Math.max(size.bytes(), 0) + Math.max(size.rows(), 0);
        }
    }

    private FindingGroups() {
    }

    static Judged judge(Hit hit, LintOptions options, String reason) {
        Optional<TableSize> a = options.sizeOf(hit.table());
        Optional<TableSize> b = options.sizeOf(hit.otherTable());
        String name = hit.table();
        TableSize size = a.orElse(null);
        if (b.isPresent() && (size == null || b.get().bytes() > size.bytes())) {
            name = hit.otherTable();
            size = b.get();
        }
        Severity severity = hit.rule().severity();
        if (hit.rule().locking() && size != null) {
            boolean allKnownSmall = a.map(options::small).orElse(false)
                    && (hit.otherTable() == null || b.map(options::small).orElse(false));
            if (options.big(size)) {
                severity = severity == Severity.WARNING ? Severity.ERROR : severity;
            } else if (allKnownSmall) {
                severity = Severity.INFO;
            }
        }
        return new Judged(hit, severity, name, size, reason);
    }

    static List<Finding> group(String file, List<Judged> judged) {
        Map<List<Object>, List<Judged>> groups = new LinkedHashMap<>();
        for (Judged j : judged) {
            groups.computeIfAbsent(java.util.Arrays.asList(j.hit().rule(), j.reason()), k -> new ArrayList<>()).add(j);
        }
        List<Finding> out = new ArrayList<>();
        for (List<Judged> g : groups.values()) {
            out.add(finding(file, g));
        }
        return out;
    }

    private static Finding finding(String file, List<Judged> g) {
        LintRule rule = g.get(0).hit().rule();
        String reason = g.get(0).reason();
        Severity severity = g.stream().map(Judged::severity).max(Comparator.naturalOrder()).orElseThrow();
        Finding f;
        if (g.size() == 1) {
            Judged j = g.get(0);
            String size = j.size() == null ? "" : "; " + Tables.normal(j.sizedTable()) + " has " + j.size().describe();
            f = Finding.of(rule, severity, file + ":" + j.hit().line(), rule.message() + size, j.hit().proof());
        } else {
            List<Judged> ranked = new ArrayList<>(g);
            ranked.sort(Comparator.comparingLong(Judged::weight).reversed().thenComparingInt(j -> j.hit().line()));
            List<String> proof = ranked.stream().map(FindingGroups::proofLine).toList();
            List<String> biggest = ranked.stream().filter(j -> j.size() != null).limit(3)
                    .map(j -> Tables.normal(j.sizedTable()) + " (" + j.size().describe() + ")").distinct().toList();
            f = Finding.of(rule, severity, file, g.size() + " statements: " + rule.message()
                    + (biggest.isEmpty() ? "" : "; biggest tables: " + String.join(", ", biggest)), proof);
        }
        return reason == null ? f : f.suppressedBecause(reason);
    }

    private static String proofLine(Judged j) {
        String table = j.sizedTable() == null ? "" : Tables.normal(j.sizedTable())
                + (j.size() == null ? "" : " (" + j.size().describe() + ")") + ": ";
        return "line " + j.hit().line() + ": " + table + j.hit().proof();
    }
}
