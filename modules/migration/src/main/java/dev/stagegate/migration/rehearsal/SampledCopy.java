package dev.stagegate.migration.rehearsal;

import static dev.stagegate.core.sql.Identifiers.quote;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A copy for a database too big to copy whole: its schema, then a sample of its rows taken along
 * the foreign keys so the sample stays consistent. Big tables without a sampled parent keep the
 * rows whose hash falls in the fraction; a table with sampled parents keeps the rows whose parents
 * were kept (a tenant's whole subtree, not a tenth of each table); small tables (lookups) are copied
 * whole. What a cycle or a self-reference would still leave dangling is deleted afterwards until no
 * foreign key has an orphan, so the copy holds no row its constraints would refuse. All rows are
 * read in one REPEATABLE READ READ ONLY transaction of the target: one consistent moment.
 */
final class SampledCopy {

    /** A table with fewer rows (by the planner's estimate) is copied whole: lookups must not be thinned. */
    static final long WHOLE_BELOW_ROWS = 10_000;
    private static final int MAX_DEPTH = 6;

    /**
     * What was copied: the rows the copy holds and the target's (the planner's estimate), what scales the
     * estimate; and the tables with rows on the target that the sample left empty (not tested there).
     */
    record Sample(double fraction, long rows, long sourceRows, long orphansDeleted, long sourceBytes, long copyBytes, List<String> emptied) {
        double scale() {
            if (rows > 0 && sourceRows > 0) {
                return Math.max(1, (double) sourceRows / rows);
            }
            return copyBytes <= 0 ? 1 : Math.max(1, (double) sourceBytes / copyBytes);
        }
    }

    private SampledCopy() {
    }

    /** Fills {@code name} on {@code server}, whose schema was restored already, with a sample of {@code live}. */
    static Sample fill(Target live, Target server, String name, double fraction) {
        Path buffer = null;
        try (Connection src = Connector.open(live); Connection dst = Connector.open(server.withDatabase(name))) {
            buffer = Files.createTempFile("sg-sample", ".copy");
            src.setAutoCommit(false);
            try (Statement st = src.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
                st.execute("SET LOCAL row_security = off");
            }
            SchemaSnapshot s = new CatalogReader(src).read(false);
            replica(dst);
            CopyManager out = src.unwrap(PGConnection.class).getCopyAPI();
            CopyManager in = dst.unwrap(PGConnection.class).getCopyAPI();
            for (Table t : s.tables()) {
                if (t.partitionOf() != null) {
                    continue;  // its rows come through its partitioned parent
                }
                String cols = t.columns().stream().filter(c -> c.generated() == null).map(c -> quote(c.name()))
                        .collect(Collectors.joining(", "));
                try (OutputStream o = Files.newOutputStream(buffer)) {
                    out.copyOut("COPY (SELECT " + prefixed(cols) + " FROM " + name(t) + " x WHERE " + predicate(s, t, "x", new HashSet<>(), 0, fraction)
                            + ") TO STDOUT (FORMAT binary)", o);
                }
                try (InputStream i = Files.newInputStream(buffer)) {
                    in.copyIn("COPY " + name(t) + " (" + cols + ") FROM STDIN (FORMAT binary)", i);
                }
            }
            // the migration tools' history, which snapshots leave out, is copied whole: it says what is applied
            List<String> history = new ArrayList<>();
            try (Statement st = src.createStatement(); ResultSet rs = st.executeQuery("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND c.relname IN ('databasechangelog', "
                    + "'databasechangeloglock', 'flyway_schema_history', 'alembic_version')")) {
                while (rs.next()) {
                    history.add(rs.getString(1));
                }
            }
            for (String h : history) {
                try (OutputStream o = Files.newOutputStream(buffer)) {
                    out.copyOut("COPY " + h + " TO STDOUT (FORMAT binary)", o);
                }
                try (InputStream i = Files.newInputStream(buffer)) {
                    in.copyIn("COPY " + h + " FROM STDIN (FORMAT binary)", i);
                }
            }
            // a kept row's parents come along (a self-reference's chain of bosses, a cycle): deleting the row instead
            // emptied whole tables; what cannot be fetched this way (composite keys) is deleted below
            fetchParents(s, dst, out, in, buffer);
            src.commit();
            long orphans = deleteOrphans(dst, s);
            setSequences(src, dst);
            long sourceBytes;
            long copyBytes;
            long kept = 0;
            long sourceRows = 0;
            List<String> emptied = new ArrayList<>();
            try (Statement st = dst.createStatement()) {
                st.execute("RESET session_replication_role");
                st.execute("ANALYZE");
                copyBytes = size(st);
                for (Table t : s.tables()) {
                    if (t.partitioned()) {
                        continue;
                    }
                    long n = count(st, t);
                    kept += n;
                    sourceRows += Math.max(0, rows(t));
                    if (n == 0 && rows(t) > 0) {
                        emptied.add(t.qualified());
                    }
                }
            }
            try (Statement st = src.createStatement()) {
                sourceBytes = size(st);
            }
            return new Sample(fraction, kept, sourceRows, orphans, sourceBytes, copyBytes, List.copyOf(emptied));
        } catch (SQLException | IOException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "the sampled copy could not be made: " + String.valueOf(e.getMessage())
                    .lines().findFirst().orElse(""));
        } finally {
            if (buffer != null) {
                try {
                    Files.deleteIfExists(buffer);
                } catch (IOException ignored) {
                    // a temporary file the system clears
                }
            }
        }
    }

    /**
     * Which rows of {@code t} (aliased {@code alias}) the sample keeps: those whose sampled parents were
     * kept; with no sampled parent, a hash of the row in the fraction for a big table, every row for a small one.
     */
    static String predicate(SchemaSnapshot s, Table t, String alias, Set<String> path, int depth, double fraction) {
        List<String> parents = new ArrayList<>();
        Set<String> onPath = new HashSet<>(path);
        onPath.add(t.qualified());
        for (ForeignKey fk : s.foreignKeysOf(t)) {
            Table parent = s.table(fk.qualifiedRefTable()).orElse(null);
            if (parent == null || onPath.contains(parent.qualified()) || depth >= MAX_DEPTH || !sampled(s, parent, onPath, depth + 1)) {
                continue;  // a whole parent keeps every child; a cycle is cleaned up after the load
            }
            String p = "s" + (depth + 1);
            String local = fk.columns().stream().map(c -> alias + "." + quote(c)).collect(Collectors.joining(", "));
            String remote = fk.refColumns().stream().map(c -> p + "." + quote(c)).collect(Collectors.joining(", "));
            String nulls = fk.columns().stream().map(c -> alias + "." + quote(c) + " IS NULL").collect(Collectors.joining(" OR "));
            parents.add("(" + nulls + " OR (" + local + ") IN (SELECT " + remote + " FROM " + name(parent) + " " + p + " WHERE "
                    + predicate(s, parent, p, onPath, depth + 1, fraction) + "))");
        }
        if (!parents.isEmpty()) {
            return String.join(" AND ", parents);
        }
        if (rows(t) < WHOLE_BELOW_ROWS) {
            return "true";
        }
        return "abs(hashtextextended(" + alias + "::text, 7) % 1000000) < " + Math.round(fraction * 1_000_000);
    }

    /** True when some rows of {@code t} are left out: it is big, or a parent of it is sampled. */
    private static boolean sampled(SchemaSnapshot s, Table t, Set<String> path, int depth) {
        if (rows(t) >= WHOLE_BELOW_ROWS) {
            return true;
        }
        Set<String> onPath = new HashSet<>(path);
        onPath.add(t.qualified());
        for (ForeignKey fk : s.foreignKeysOf(t)) {
            Table parent = s.table(fk.qualifiedRefTable()).orElse(null);
            if (parent != null && !onPath.contains(parent.qualified()) && depth < MAX_DEPTH && sampled(s, parent, onPath, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static long rows(Table t) {
        return t.exactRows() != null ? t.exactRows() : t.estimatedRows();
    }

    /** Adds, round after round, the parent rows the copy's rows point to and lack, read from the target's snapshot. */
    private static long fetchParents(SchemaSnapshot s, Connection dst, CopyManager out, CopyManager in, Path buffer)
            throws SQLException, IOException {
        long added = 0;
        for (int round = 0; round < 100; round++) {
            long now = 0;
            for (ForeignKey fk : s.foreignKeys()) {
                Table parent = s.table(fk.qualifiedRefTable()).orElse(null);
                if (parent == null || fk.columns().size() != 1) {
                    continue;
                }
                String type = parent.columns().stream().filter(c -> c.name().equals(fk.refColumns().get(0))).map(c -> c.type()).findFirst()
                        .orElse(null);
                if (type == null) {
                    continue;
                }
                String col = quote(fk.columns().get(0));
                String ref = quote(fk.refColumns().get(0));
                List<String> missing = new ArrayList<>();
                try (Statement st = dst.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT c." + col + "::text FROM "
                        + quote(fk.schema()) + "." + quote(fk.table()) + " c WHERE c." + col + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                        + name(parent) + " p WHERE p." + ref + " = c." + col + ")")) {
                    while (rs.next()) {
                        missing.add(rs.getString(1));
                    }
                }
                String cols = parent.columns().stream().filter(c -> c.generated() == null).map(c -> quote(c.name()))
                        .collect(Collectors.joining(", "));
                for (int i = 0; i < missing.size(); i += 5000) {
                    String keys = missing.subList(i, Math.min(missing.size(), i + 5000)).stream().map(k -> "'" + k.replace("'", "''") + "'")
                            .collect(Collectors.joining(", "));
                    try (OutputStream o = Files.newOutputStream(buffer)) {
                        out.copyOut("COPY (SELECT " + prefixed(cols) + " FROM " + name(parent) + " x WHERE x." + ref + " = ANY (ARRAY[" + keys
                                + "]::" + type + "[])) TO STDOUT (FORMAT binary)", o);
                    }
                    try (InputStream in2 = Files.newInputStream(buffer)) {
                        now += in.copyIn("COPY " + name(parent) + " (" + cols + ") FROM STDIN (FORMAT binary)", in2);
                    }
                }
            }
            added += now;
            if (now == 0) {
                return added;
            }
        }
        return added;
    }

    /** Foreign-key triggers off while loading (the sample is consistent by construction, and cleaned after). */
    private static void replica(Connection dst) throws SQLException {
        try (Statement st = dst.createStatement()) {
            st.execute("SET session_replication_role = replica");
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.PRIVILEGE_MISSING, "a sampled copy loads its rows with foreign-key triggers off, "
                    + "which needs a superuser on the copy's server (the embedded one is): " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Deletes rows whose parent is not in the copy, round after round, until no foreign key has one. */
    private static long deleteOrphans(Connection dst, SchemaSnapshot s) throws SQLException {
        long total = 0;
        try (Statement st = dst.createStatement()) {
            for (int round = 0; round < 50; round++) {
                long deleted = 0;
                for (ForeignKey fk : s.foreignKeys()) {
                    String notNull = fk.columns().stream().map(c -> "c." + quote(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
                    String match = java.util.stream.IntStream.range(0, fk.columns().size()).mapToObj(i -> "p." + quote(fk.refColumns().get(i))
                            + " = c." + quote(fk.columns().get(i))).collect(Collectors.joining(" AND "));
                    deleted += st.executeUpdate("DELETE FROM " + quote(fk.schema()) + "." + quote(fk.table()) + " c WHERE " + notNull
                            + " AND NOT EXISTS (SELECT 1 FROM " + quote(fk.refSchema()) + "." + quote(fk.refTable()) + " p WHERE " + match + ")");
                }
                total += deleted;
                if (deleted == 0) {
                    return total;
                }
            }
        }
        throw new StagegateException(ErrorCode.SQL_FAILED, "the sampled copy still has orphan rows after 50 rounds of cleaning");
    }

    /** The target's sequence positions, so a migration's INSERT does not collide with a sampled row's id. */
    private static void setSequences(Connection src, Connection dst) throws SQLException {
        List<String[]> seqs = new ArrayList<>();
        try (Statement st = src.createStatement(); ResultSet rs = st.executeQuery("SELECT format('%I.%I', schemaname, sequencename), "
                + "last_value FROM pg_sequences WHERE last_value IS NOT NULL")) {
            while (rs.next()) {
                seqs.add(new String[]{rs.getString(1), rs.getString(2)});
            }
        }
        try (var ps = dst.prepareStatement("SELECT setval(?::regclass, ?::bigint)")) {
            for (String[] q : seqs) {
                ps.setString(1, q[0]);
                ps.setString(2, q[1]);
                ps.execute();
            }
        }
    }

    private static long count(Statement st, Table t) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + name(t))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long size(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String prefixed(String cols) {
        return cols.isEmpty() ? "" : java.util.Arrays.stream(cols.split(", ")).map(c -> "x." + c).collect(Collectors.joining(", "));
    }

    private static String name(Table t) {
        return quote(t.schema()) + "." + quote(t.name());
    }


    static String describe(Sample s) {
        return String.format(Locale.ROOT, "a sample of %.0f%% along the foreign keys: %d of ~%d rows, %d orphans cleaned; the target is %.1fx "
                + "the copy by rows", s.fraction() * 100, s.rows(), s.sourceRows(), s.orphansDeleted(), s.scale())
                + (s.emptied().isEmpty() ? "" : "; EMPTY in the sample though not on the target, so NOT TESTED there: " + String.join(", ", s.emptied()));
    }
}
