package dev.stagegate.benchmark.server;

import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.suite.SuiteQuery;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Statements that take over a second: from {@code pg_stat_statements} of the candidate's database when
 * the extension is installed and loaded (every statement the server ran there, the application's
 * included), else from the suite's own medians on the candidate; which one is said.
 */
public final class SlowStatements {

    public static final double SLOW_MS = 1000;

    /** @param source "pg_stat_statements", or why the suite's medians were used instead */
    public record Found(List<String> statements, String source) {
    }

    static final String SQL = """
            SELECT round(s.mean_exec_time::numeric, 1), s.calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 200)
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = current_database() AND s.mean_exec_time > 1000 ORDER BY s.mean_exec_time DESC LIMIT 20""";

    private SlowStatements() {
    }

    public static Found read(Connection c, QuerySuite suite, Map<String, double[]> candidateMs) throws SQLException {
        String why;
        try (Statement st = c.createStatement()) {
            boolean installed;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
                rs.next();
                installed = rs.getInt(1) > 0;
            }
            if (installed) {
                List<String> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(SQL)) {
                    while (rs.next()) {
                        out.add("mean " + rs.getString(1) + " ms over " + rs.getLong(2) + " call(s): " + rs.getString(3));
                    }
                    return new Found(out, "pg_stat_statements");
                } catch (SQLException notLoaded) {
                    why = "the suite's medians (pg_stat_statements is installed but not readable: "
                            + String.valueOf(notLoaded.getMessage()).lines().findFirst().orElse("") + ")";
                }
            } else {
                why = "the suite's medians (pg_stat_statements is not installed in this database)";
            }
        }
        return new Found(fromSuite(suite, candidateMs), why);
    }

    public static List<String> fromSuite(QuerySuite suite, Map<String, double[]> candidateMs) {
        List<String> out = new ArrayList<>();
        for (SuiteQuery q : suite.queries()) {
            double[] xs = candidateMs.get(q.id());
            if (xs == null || xs.length == 0) {
                continue;
            }
            double median = dev.stagegate.benchmark.verdict.Comparison.median(xs);
            if (median > SLOW_MS) {
                out.add(String.format(Locale.ROOT, "%s: median %.1f ms on the candidate", q.id(), median));
            }
        }
        return out;
    }
}
