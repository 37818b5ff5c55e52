package dev.stagegate.benchmark.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code idx_scan} of every index of the database, read fresh (the statistics snapshot of this session
 * is cleared first): taken before and after the benchmark, the difference is what the suite used. The
 * counters of a backend reach the shared statistics when it ends or at most every second, so the
 * reading after is taken once the forks' sessions are gone ({@link ConnectionHealth#awaitGone}).
 */
public final class IndexUsage {

    static final String SQL = "SELECT schemaname || '.' || indexrelname, schemaname || '.' || relname, idx_scan FROM pg_stat_user_indexes ORDER BY 1";

    private IndexUsage() {
    }

    /** Index name to [table, scans]. */
    public static Map<String, Object[]> read(Connection c) throws SQLException {
        Map<String, Object[]> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = st.executeQuery(SQL)) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Object[]{rs.getString(2), rs.getLong(3)});
                }
            }
        }
        return out;
    }

    /** Scans per index between two readings, for the indexes present in both. */
    public static Map<String, Long> delta(Map<String, Object[]> before, Map<String, Object[]> after) {
        Map<String, Long> out = new LinkedHashMap<>();
        after.forEach((ix, a) -> {
            Object[] b = before.get(ix);
            out.put(ix, (Long) a[1] - (b == null ? 0L : (Long) b[1]));
        });
        return out;
    }

    public static String tableOf(Map<String, Object[]> reading, String index) {
        Object[] v = reading.get(index);
        return v == null ? "" : (String) v[0];
    }
}
