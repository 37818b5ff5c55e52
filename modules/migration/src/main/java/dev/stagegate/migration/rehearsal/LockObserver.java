package dev.stagegate.migration.rehearsal;

import dev.stagegate.migration.engine.MigrationEvent;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each statement of a rehearsed migration did to the copy, read from the migration's own
 * backend inside its transaction (as eugene does): after every statement, one query on
 * {@code pg_locks} for {@code pg_backend_pid()} gives the relation locks it holds (a lock not held
 * before was taken by that statement, and is held until the migration commits), and the
 * {@code relfilenode} of each locked relation, whose change is a rewrite. One query per statement
 * and one per migration, whatever the size of the database.
 *
 * <p>Statements that cannot run in a transaction ({@code CONCURRENTLY}) hold their locks only
 * while they run, so nothing is left to read afterwards: they are timed, and their waits are the
 * samples {@link TrafficProbe} takes from a second connection.
 */
public final class LockObserver {

    /** A relation lock a statement took, and how long the migration held it (statement start to commit). */
    public record Lock(String relation, String kind, String mode, long rows, long bytes, long heldMs) {
    }

    /** One statement of a migration file as it ran on the copy. */
    public record StatementRun(int line, String sql, long millis, List<Lock> locks, List<String> rewrites, boolean inTransaction,
                               Map<String, Long> waitsMs, String error) {
    }

    /** One migration (or one rollback) on the copy. */
    public record MigrationRun(String version, String label, boolean rollback, long millis, List<StatementRun> statements, boolean failed) {
        public List<Lock> locks() {
            return statements.stream().flatMap(s -> s.locks().stream()).toList();
        }
    }

    private static final String LOCKS = "SELECT c.oid, n.nspname || '.' || c.relname, c.relkind::text, l.mode, c.relfilenode, "
            + "greatest(c.reltuples, 0)::bigint, pg_relation_size(c.oid) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";
    private static final String FILENODES = "SELECT c.oid, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind IN ('r', 'm', 'i', 't') AND n.nspname NOT IN ('pg_catalog', 'information_schema')";

    private final List<MigrationRun> runs = new ArrayList<>();
    private volatile Open open;

    /** The migration being observed: its statements, the locks seen so far, the filenodes at its start. */
    private static final class Open {
        final String version;
        final String label;
        final boolean rollback;
        final long start = System.nanoTime();
        final List<Building> statements = new ArrayList<>();
        final Map<String, long[]> seen = new HashMap<>();  // relation|mode -> {statement index}
        Map<Long, Long> filenodes;
        volatile Building current;

        Open(String version, String label, boolean rollback) {
            this.version = version;
            this.label = label;
            this.rollback = rollback;
        }
    }

    private static final class Building {
        final int line;
        final String sql;
        final long start = System.nanoTime();
        long end;
        boolean inTransaction = true;
        final List<Object[]> locks = new ArrayList<>();   // relation, kind, mode, rows, bytes
        final List<String> rewrites = new ArrayList<>();
        final Map<String, Long> waits = new java.util.concurrent.ConcurrentHashMap<>();
        String error;

        Building(int line, String sql) {
            this.line = line;
            this.sql = sql;
        }
    }

    /** The engine's events open and close the window in which statements are observed. */
    public void on(MigrationEvent e) {
        switch (e.type()) {
            case STARTING -> open = new Open(e.version(), e.label(), false);
            case ROLLING_BACK -> open = new Open(e.version(), e.label(), true);
            case COMPLETED, ROLLED_BACK, FAILED -> close(e.type() == MigrationEvent.Type.FAILED);
            default -> { }
        }
    }

    boolean observing() {
        return open != null;
    }

    /** The statement running now, for the second connection's wait samples. */
    void sampleWait(String waitEvent, long ms) {
        Open o = open;
        Building b = o == null ? null : o.current;
        if (b != null && waitEvent != null) {
            b.waits.merge(waitEvent, ms, Long::sum);
        }
    }

    /** The version being observed now, or null. */
    String currentVersion() {
        Open o = open;
        return o == null ? null : o.version;
    }

    void before(Connection c, int line, String sql) throws SQLException {
        Open o = open;
        if (o.filenodes == null) {
            o.filenodes = new HashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(FILENODES)) {
                while (rs.next()) {
                    o.filenodes.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        Building b = new Building(line, sql.strip());
        o.statements.add(b);
        o.current = b;
    }

    void failed(SQLException e) {
        Open o = open;
        if (o != null && o.current != null) {
            o.current.end = System.nanoTime();
            o.current.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            o.current = null;
        }
    }

    void after(Connection c) throws SQLException {
        Open o = open;
        Building b = o.current;
        b.end = System.nanoTime();
        o.current = null;
        if (c.getAutoCommit()) {
            // run outside a transaction: its locks are gone already; the samples are what is known
            b.inTransaction = false;
            return;
        }
        int index = o.statements.size() - 1;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(LOCKS)) {
            while (rs.next()) {
                String relation = rs.getString(2);
                String mode = rs.getString(4);
                long oid = rs.getLong(1);
                long node = rs.getLong(5);
                Long was = o.filenodes.get(oid);
                if (was != null && node != 0 && was != node) {
                    b.rewrites.add(relation + " (" + kind(rs.getString(3)) + ")");
                    o.filenodes.put(oid, node);
                }
                if (o.seen.putIfAbsent(relation + "|" + mode, new long[]{index}) == null) {
                    b.locks.add(new Object[]{relation, kind(rs.getString(3)), mode, rs.getLong(6), rs.getLong(7)});
                }
            }
        }
    }

    private void close(boolean failed) {
        Open o = open;
        open = null;
        if (o == null) {
            return;
        }
        long end = System.nanoTime();
        List<StatementRun> statements = new ArrayList<>();
        for (Building b : o.statements) {
            long stop = b.end == 0 ? end : b.end;
            List<Lock> locks = b.locks.stream().map(l -> new Lock((String) l[0], (String) l[1], (String) l[2], (Long) l[3], (Long) l[4],
                    (end - b.start) / 1_000_000)).toList();
            statements.add(new StatementRun(b.line, b.sql, (stop - b.start) / 1_000_000, locks, List.copyOf(b.rewrites), b.inTransaction,
                    new LinkedHashMap<>(b.waits), b.error));
        }
        synchronized (runs) {
            runs.add(new MigrationRun(o.version, o.label, o.rollback, (end - o.start) / 1_000_000, statements, failed));
        }
    }

    public List<MigrationRun> runs() {
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    private static String kind(String relkind) {
        return switch (relkind) {
            case "r" -> "table";
            case "p" -> "partitioned table";
            case "i", "I" -> "index";
            case "S" -> "sequence";
            case "v" -> "view";
            case "m" -> "materialized view";
            case "t" -> "toast";
            default -> relkind;
        };
    }
}
