package dev.stagegate.benchmark.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** The catalog queries CE-26 runs, by what they read: written into ce26_performance_analysis.sql as they ran. */
public final class Catalog {

    private Catalog() {
    }

    public static Map<String, String> queries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("table and index sizes (both arms, before the benchmark)", RelationSizes.SQL);
        m.put("index usage (candidate, before and after the benchmark; the difference is what the suite used)", IndexUsage.SQL);
        m.put("connection health (the benchmark's own sessions under application_name 'stagegate bench <run>')", ConnectionHealth.SQL);
        m.put("slow statements (when pg_stat_statements is installed)", SlowStatements.SQL);
        m.put("row-level security the benchmark's role skips on the tables the plans read (candidate)", RlsBypass.SQL);
        return m;
    }
}
