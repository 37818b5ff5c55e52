package dev.stagegate.benchmark.plan;

import dev.stagegate.benchmark.BenchmarkCode;
import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between a query's plan on the baseline and on the candidate, as findings: a table read
 * through an index before and by a sequential scan after (an ERROR on a big table, where it grows with
 * the data; a WARNING on a small one, where the planner may rightly prefer it), and a Sort or Hash Join
 * the baseline did not need over a big table. The timing decides the verdict; this says why.
 */
public final class PlanChanges {

    private static final Set<String> INDEX_READS = Set.of("Index Scan", "Index Only Scan", "Bitmap Heap Scan");
    private static final Set<String> NEW_WORK = Set.of("Sort", "Hash Join", "Incremental Sort");

    private PlanChanges() {
    }

    public static List<Finding> compare(QueryPlan before, QueryPlan after, Map<String, RelationSizes.Size> sizes, long bigTableRows) {
        List<Finding> out = new ArrayList<>();
        Set<String> indexed = relations(before, INDEX_READS);
        Set<String> seqAfter = relations(after, Set.of("Seq Scan"));
        Set<String> indexedAfter = relations(after, INDEX_READS);
        for (String table : new TreeSet<>(indexed)) {
            if (seqAfter.contains(table) && !indexedAfter.contains(table)) {
                double rows = rows(sizes, table);
                boolean big = rows >= bigTableRows;
                out.add(Finding.of(BenchmarkCode.BENCH_PLAN_SEQ_SCAN, big ? Severity.ERROR : Severity.WARNING, after.query() + " on " + table,
                        String.format(Locale.ROOT, "%s reads %s (%,.0f rows%s) by a sequential scan on the candidate; on the baseline it used %s: "
                                        + "an index it needs is gone or no longer matches (see both plans in ce26_performance_report.md)", after.query(), table,
                                rows, big ? ", a big table" : "", indexes(before, table)), "baseline: " + shape(before), "candidate: " + shape(after)));
            }
        }
        for (String type : NEW_WORK) {
            long was = before.nodes().stream().filter(n -> n.type().equals(type)).count();
            List<QueryPlan.Node> now = after.nodes().stream().filter(n -> n.type().equals(type)).toList();
            if (now.size() <= was) {
                continue;
            }
            for (QueryPlan.Node n : now) {
                String bigOne = n.relationsBelow().stream().filter(r -> rows(sizes, r) >= bigTableRows).findFirst().orElse(null);
                if (bigOne != null) {
                    out.add(Finding.of(BenchmarkCode.BENCH_PLAN_NEW_NODE, Severity.WARNING, after.query() + " " + type,
                            String.format(Locale.ROOT, "%s has a new %s over %s (%,.0f rows) on the candidate that the baseline's plan did not need",
                                    after.query(), type, bigOne, rows(sizes, bigOne)), "baseline: " + shape(before), "candidate: " + shape(after)));
                    break;
                }
            }
        }
        return out;
    }

    /** The plan in one line: node types with the table and index each reads. */
    public static String shape(QueryPlan p) {
        List<String> parts = new ArrayList<>();
        for (QueryPlan.Node n : p.nodes()) {
            parts.add(n.type() + (n.relation() == null ? "" : " on " + n.relation()) + (n.index() == null ? "" : " using " + n.index()));
        }
        return String.join(" > ", parts);
    }

    private static Set<String> relations(QueryPlan p, Set<String> types) {
        Set<String> out = new TreeSet<>();
        for (QueryPlan.Node n : p.nodes()) {
            if (n.relation() != null && types.contains(n.type())) {
                out.add(n.relation());
            }
        }
        return out;
    }

    private static String indexes(QueryPlan p, String table) {
        Set<String> out = new TreeSet<>();
        List<QueryPlan.Node> nodes = p.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            QueryPlan.Node n = nodes.get(i);
            if (table.equals(n.relation()) && n.index() != null) {
                out.add(n.index());
            }
            // a Bitmap Heap Scan names its table; the Bitmap Index Scans under it name the index
            if (table.equals(n.relation()) && n.type().equals("Bitmap Heap Scan")) {
                nodes.stream().skip(i + 1).filter(x -> x.type().equals("Bitmap Index Scan") && x.index() != null).forEach(x -> out.add(x.index()));
            }
        }
        return out.isEmpty() ? "an index" : String.join(", ", out);
    }

    private static double rows(Map<String, RelationSizes.Size> sizes, String table) {
        RelationSizes.Size s = sizes.get(table);
        return s == null ? 0 : s.rows();
    }
}
