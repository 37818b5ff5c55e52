package dev.stagegate.migration.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Who was in the way when a migration gave up on a lock: the oldest open transactions of other
 * sessions on this database (the waiter is gone by now, so pg_blocking_pids cannot be asked).
 */
final class LockBlockers {

    private LockBlockers() {
    }

    /** "; sessions holding transactions open: pid 4315 (idle in transaction for 62 s: LOCK TABLE accounts)", or "". */
    static String describe(Connection c) {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pid, state, "
                + "extract(epoch FROM now() - xact_start)::bigint, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) "
                + "FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() "
                + "AND xact_start IS NOT NULL AND backend_type = 'client backend' ORDER BY xact_start LIMIT 3")) {
            while (rs.next()) {
                out.add("pid " + rs.getInt(1) + " (" + rs.getString(2) + " for " + rs.getLong(3) + " s: " + rs.getString(4) + ")");
            }
        } catch (SQLException e) {
            return "";
        }
        return out.isEmpty() ? "" : "; sessions holding transactions open: " + String.join(", ", out);
    }
}
