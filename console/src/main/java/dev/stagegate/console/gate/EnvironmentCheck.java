package dev.stagegate.console.gate;

import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.core.target.Target;
import dev.stagegate.embedded.EmbeddedPostgresServer;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CE-20 / seed 004: the server answers and runs PostgreSQL 12+, how big the database is, how many
 * other sessions are active, replication lag where there are replicas, and disk headroom (150% of
 * the database size) where the data folder can be seen (the embedded server).
 */
final class EnvironmentCheck {

    /** {@code summary} holds what reproduces run to run; {@code details} the measurements that move (sizes, free space). */
    record Result(String status, String summary, String details, List<String> failing, Map<String, Object> metrics) {
        dev.stagegate.core.result.StepResult step() {
            dev.stagegate.core.result.StepStatus st = dev.stagegate.core.result.StepStatus.valueOf(status);
            return new dev.stagegate.core.result.StepResult("environment", st, summary, List.of(), metrics, List.of(), java.time.Duration.ZERO);
        }
    }

    private EnvironmentCheck() {
    }

    static Result run(Connection c, ServerInfo info, Target target) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> failing = new ArrayList<>();
        m.put("server_major", info.major());
        long size;
        long sessions;
        double lag;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database()), "
                + "(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'), "
                + "(SELECT count(*) FROM pg_stat_replication), (SELECT max(extract(epoch FROM replay_lag)) FROM pg_stat_replication)")) {
            rs.next();
            size = rs.getLong(1);
            // Only what reproduces goes into metrics (replays compare them); the rest is in the summary.
            m.put("replicas", rs.getLong(3));
            sessions = rs.getLong(2);
            lag = rs.getObject(4) == null ? 0 : rs.getDouble(4);
        }
        String disk = "not visible from here";
        String headroom = "headroom not measurable remotely";
        if (target.kind() == Target.Kind.EMBEDDED) {
            try {
                FileStore store = Files.getFileStore(EmbeddedPostgresServer.shared().dataDirectory());
                long free = store.getUsableSpace();
                boolean enough = free >= size * 3 / 2;
                disk = (free / 1024 / 1024) + " MB free, " + (enough ? "at least" : "BELOW") + " 150% of the database";
                headroom = enough ? "disk headroom ok (>= 150% of the database)" : "disk headroom BELOW 150% of the database";
                if (!enough) {
                    failing.add("DISK_HEADROOM");
                }
            } catch (IOException e) {
                disk = "unknown (" + e.getMessage() + ")";
            }
        }
        String summary = "PostgreSQL " + info.major() + ", " + m.get("replicas") + " replica(s), " + headroom;
        String details = "database " + (size / 1024 / 1024) + " MB, " + sessions + " other active session(s)"
                + (lag > 0 ? ", replication lag " + lag + " s" : "") + ", disk: " + disk;
        // Headroom that cannot be measured is not shown: never a pass.
        String status = !failing.isEmpty() ? "FAILED" : target.kind() == Target.Kind.EMBEDDED ? "PASSED" : "INCOMPLETE";
        return new Result(status, summary, details, failing, m);
    }
}
