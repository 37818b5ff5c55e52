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

    /**
     * A relation lock a statement took, and how long the migration held it (statement start to commit).
     * {@code rows} is the planner's estimate, -1 for a table never analyzed (then {@code bytes} is its size on disk).
     */
    public record Lock(String relation, String kind, String mode, long rows, long bytes, long heldMs) {
        /** True unless the table is known to be empty: an unanalyzed table with pages counts as holding rows. */
        public boolean mayHoldRows() {
            return rows > 0 || (rows < 0 && bytes > 0);
        }

        public String rowsText() {
            return rows >= 0 ? "~" + rows + " rows" : "rows unknown: never analyzed, " + bytes / 1024 + " kB";
        }
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

    /** One query per statement, sent with it (see {@link ObservedConnection}); sizes are the catalog's estimates, no file is read. */
    static final String LOCKS = "WITH l AS MATERIALIZED (SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid() "
            + "AND locktype = 'relation' AND granted) SELECT c.oid, n.nspname || '.' || c.relname, c.relkind::text, l.mode, c.relfilenode, "
            + "c.reltuples::bigint, CASE WHEN c.reltuples < 0 THEN pg_relation_size(c.oid) ELSE c.relpages::bigint "
            + "* current_setting('block_size')::bigint END AS sg_lock_bytes FROM l "
            + "JOIN LATERAL (SELECT * FROM pg_class x WHERE x.oid = l.relation) c ON true JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";
    /** The lock query prepared once per connection: planned once, not with every statement (it halved the overhead). */
    static final String PREPARE_LOCKS = "PREPARE sg_lock_report AS " + LOCKS;
    static final String EXECUTE_LOCKS = "EXECUTE sg_lock_report";
    static final String DEALLOCATE_LOCKS = "DEALLOCATE sg_lock_report";
    private static final String FILENODES = "SELECT c.oid, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind IN ('r', 'm', 'i', 't') AND n.nspname NOT IN ('pg_catalog', 'information_schema')";

    private final List<MigrationRun> runs = new ArrayList<>();
    /**
     * Each relation's file as last seen, read once and then kept up to date from the lock results (a
     * relation can only be rewritten under a lock the migration holds); read again after a migration
     * failed (its rewrites were rolled back) or a statement ran outside a transaction (its locks were not seen).
     */
    private Map<Long, Long> filenodes;
    private volatile Open open;

    /** The migration being observed: its statements, the locks seen so far. */
    private static final class Open {
        final String version;
        final String label;
        final boolean rollback;
        final long start = System.nanoTime();
        final List<Building> statements = new ArrayList<>();
        final java.util.Set<String> seen = new java.util.HashSet<>();  // relation|mode already held
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
        if (filenodes == null) {
            filenodes = new HashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(FILENODES)) {
                while (rs.next()) {
                    filenodes.put(rs.getLong(1), rs.getLong(2));
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
            filenodes = null;
            return;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(EXECUTE_LOCKS)) {
            locksHeld(rs);
        }
    }

    /** True when {@code rs} is the {@link #LOCKS} query's result (sent in one round trip with the statement). */
    static boolean isLocks(ResultSet rs) throws SQLException {
        return rs.getMetaData().getColumnCount() == 7 && "sg_lock_bytes".equals(rs.getMetaData().getColumnLabel(7));
    }

    /** After a statement whose {@link #LOCKS} result came with it: attributes what is new to it. */
    void after(ResultSet rs) throws SQLException {
        Open o = open;
        Building b = o.current;
        b.end = System.nanoTime();
        o.current = null;
        locksHeld(rs);
    }

    private void locksHeld(ResultSet rs) throws SQLException {
        Open o = open;
        Building b = o.statements.get(o.statements.size() - 1);
        while (rs.next()) {
                String relation = rs.getString(2);
                String mode = rs.getString(4);
                long oid = rs.getLong(1);
                long node = rs.getLong(5);
                Long was = filenodes.put(oid, node);
                if (was != null && node != 0 && was != node) {
                    b.rewrites.add(relation + " (" + kind(rs.getString(3)) + ")");
                }
                if (o.seen.add(relation + "|" + mode)) {
                    b.locks.add(new Object[]{relation, kind(rs.getString(3)), mode, rs.getLong(6), rs.getLong(7)});
                }
        }
    }

    private void close(boolean failed) {
        Open o = open;
        open = null;
        if (failed) {
            filenodes = null;
        }
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
