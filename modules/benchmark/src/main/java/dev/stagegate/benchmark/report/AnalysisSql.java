package dev.stagegate.benchmark.report;

import dev.stagegate.benchmark.PerformanceResult;
import dev.stagegate.benchmark.server.Catalog;
import dev.stagegate.benchmark.suite.SuiteQuery;

import java.util.Map;

/**
 * {@code ce26_performance_analysis.sql}: what CE-26 ran, as a psql script a DBA can run again on either
 * database: the catalog queries (sizes, index usage, connections, slow statements), then each suite
 * query with the parameter values used, PREPAREd, executed six times and EXPLAINed as the benchmark's
 * plan check does.
 */
final class AnalysisSql {

    private AnalysisSql() {
    }

    static String text(PerformanceResult r, String application) {
        StringBuilder s = new StringBuilder("-- CE-26: the queries stagegate ran for this performance check (psql: \\i ce26_performance_analysis.sql)\n");
        s.append("-- suite: ").append(r.suite().file()).append("\n\n");
        for (Map.Entry<String, String> e : Catalog.queries().entrySet()) {
            s.append("-- ").append(e.getKey()).append("\n").append(e.getValue().replace("?", dev.stagegate.core.sql.Identifiers.literal(application))).append(";\n\n");
        }
        if (r.suite().role() != null || !r.suite().settings().isEmpty()) {
            s.append("-- the suite's session: every query below ran (and was planned) with these settings, as this role\n");
            r.suite().settings().keySet().forEach(name -> s.append("SELECT set_config(").append(dev.stagegate.core.sql.Identifiers.literal(name))
                    .append(", ").append(dev.stagegate.core.sql.Identifiers.literal(String.valueOf(r.params()
                            .get(dev.stagegate.benchmark.suite.QuerySuite.settingKey(name))))).append(", false);\n"));
            if (r.suite().role() != null) {
                s.append("SET ROLE ").append(r.suite().role()).append(";\n");
            }
            s.append('\n');
        }
        for (SuiteQuery q : r.suite().queries()) {
            s.append("-- ").append(q.id()).append(q.control() ? " (control)" : "").append(q.max() == null ? "" : ", max " + q.max().toMillis() + " ms").append("\n");
            StringBuilder args = new StringBuilder();
            for (String p : q.parameters()) {
                Object v = r.params().get(p);
                args.append(args.length() == 0 ? "" : ", ").append(v == null ? "NULL" : dev.stagegate.core.sql.Identifiers.literal(String.valueOf(v)));
            }
            String call = q.parameters().isEmpty() ? "" : "(" + args + ")";
            s.append("PREPARE sg_plan AS ").append(q.numbered().strip().replaceAll(";\\s*$", "")).append(";\n");
            s.append("EXECUTE sg_plan").append(call).append(";  -- six times in the check: the plan cache may switch to a generic plan after five\n");
            s.append("EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan").append(call).append(";\nDEALLOCATE sg_plan;\n\n");
        }
        return s.toString();
    }
}
