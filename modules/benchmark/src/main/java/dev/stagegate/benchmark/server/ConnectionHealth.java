package dev.stagegate.benchmark.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CE-26's connection health, from {@code pg_stat_activity} of the database's server: client sessions
 * by state, how many sit idle in a transaction (and the longest for how long), and the sessions the
 * benchmark opened under its own application name that are still there once it ended: a leak.
 */
public final class ConnectionHealth {

    /**
     * @param byState   client sessions of the server by state (the whole server: what the DBA watches)
     * @param leftovers sessions under the benchmark's name still open on this database (per database, so that
     *                  the baseline's and the candidate's readings add up when both are on one server)
     */
    public record Reading(Map<String, Integer> byState, int idleInTransaction, double longestIdleInTransactionSeconds, int leftovers,
                          int maxConnections) {
    }

    static final String SQL = """
            SELECT coalesce(state, 'unknown'), count(*), count(*) FILTER (WHERE application_name = ? AND datname = current_database()),
                   coalesce(max(extract(epoch FROM now() - state_change)) FILTER (WHERE state LIKE 'idle in transaction%'), 0),
                   current_setting('max_connections')::int
            FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1""";

    private ConnectionHealth() {
    }

    public static Reading read(Connection c, String applicationName) throws SQLException {
        Map<String, Integer> byState = new LinkedHashMap<>();
        int idleTx = 0;
        int left = 0;
        double longest = 0;
        int max = 0;
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString(1);
                    byState.put(state, rs.getInt(2));
                    left += rs.getInt(3);
                    if (state.startsWith("idle in transaction")) {
                        idleTx += rs.getInt(2);
                        longest = Math.max(longest, rs.getDouble(4));
                    }
                    max = rs.getInt(5);
                }
            }
        }
        return new Reading(byState, idleTx, longest, left, max);
    }

    /**
     * Waits (up to {@code millis}) for the benchmark's sessions to end: a fork's connection is closed when
     * it exits, but its backend leaves a moment later. What is still there after the wait is a leak.
     */
    public static Reading awaitGone(Connection c, String applicationName, long millis) throws SQLException {
        long until = System.nanoTime() + millis * 1_000_000;
        Reading r = read(c, applicationName);
        while (r.leftovers() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = read(c, applicationName);
        }
        return r;
    }
}
