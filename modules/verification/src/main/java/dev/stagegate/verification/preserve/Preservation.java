package dev.stagegate.verification.preserve;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.verification.sql.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Seed 004's "all verdict events preserved, count matches": fingerprints of every table, taken
 * before and after a migration (or a rollback cycle), every row read (RLS off, so a policy cannot
 * hide a loss), compared table by table so a loss in one table and a gain in another never cancel.
 *
 * <p>A digest is the sum, as a number, of the first 64 bits of each row's md5 over its jsonb text:
 * order-independent without sorting, one scan per table, and blind to column order, so a rollback
 * that re-adds a column at the end still shows the same content. For tables the migration altered,
 * whole rows must differ, so their columns are compared one by one instead (those in both captures).
 */
public final class Preservation {

    /** What must match: row counts only, or counts and content. */
    public enum Mode { COUNTS, CONTENT }

    /** An immutable capture: one fingerprint per table that existed, keyed by qualified name. */
    public record Capture(Mode mode, Map<String, TableFingerprint> tables) {
        public Capture {
            tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        }

        public TableFingerprint table(String qualified) {
            return tables.get(qualified);
        }
    }

    private static final String HASH = "('x' || substr(md5(%s), 1, 16))::bit(64)::bigint::numeric";

    private Preservation() {
    }

    /**
     * Fingerprints every table of {@code snapshot} that still exists (a table dropped since the
     * snapshot was read is left out, so {@link #compare} can report it lost).
     */
    public static Capture capture(Connection c, SchemaSnapshot snapshot, Mode mode) throws SQLException {
        return Sql.rolledBack(c, true, conn -> {
            Map<String, TableFingerprint> out = new LinkedHashMap<>();
            for (Table t : snapshot.tables()) {
                if (exists(conn, t)) {
                    out.put(t.qualified(), fingerprint(conn, t, mode));
                }
            }
            return new Capture(mode, out);
        });
    }

    /**
     * Findings for every table of {@code before} that was lost, changed its row count, or (when
     * {@code mode} is CONTENT and both captures hold content) its content. {@code alteredTables}
     * (qualified names) are compared column by column.
     */
    public static List<Finding> compare(Capture before, Capture after, Mode mode, Set<String> alteredTables) {
        boolean content = mode == Mode.CONTENT;
        if (content && (before.mode() != Mode.CONTENT || after.mode() != Mode.CONTENT)) {
            throw new IllegalArgumentException("a CONTENT comparison needs two CONTENT captures");
        }
        List<Finding> out = new ArrayList<>();
        before.tables().forEach((table, b) -> {
            TableFingerprint a = after.tables().get(table);
            if (a == null) {
                out.add(Finding.of(VerificationCode.TABLE_LOST, Severity.CRITICAL, table, table + " (" + b.rows() + " rows) existed "
                        + "in the first capture and not in the second"));
            } else if (a.rows() != b.rows()) {
                out.add(Finding.of(VerificationCode.ROW_COUNT_CHANGED, Severity.CRITICAL, table, "rows before " + b.rows() + ", after "
                        + a.rows() + " (" + (a.rows() - b.rows() > 0 ? "+" : "") + (a.rows() - b.rows()) + ")"));
            } else if (content && alteredTables.contains(table)) {
                Set<String> changed = new TreeSet<>();
                Set<String> gone = new TreeSet<>();
                // By (key, value) pairs when both captures have the same key with the same values, so values
                // swapped between rows are seen; by values alone otherwise (a table without a key, or one whose
                // key the migration rewrote: its own column is then reported, and pairs would flag every column).
                boolean byKey = !b.key().isEmpty() && b.key().equals(a.key())
                        && b.key().stream().allMatch(k -> java.util.Objects.equals(b.columns().get(k), a.columns().get(k)));
                b.columns().forEach((col, digest) -> {
                    String now = a.columns().get(col);
                    if (now == null) {
                        gone.add(col);
                    } else if (!now.equals(digest)) {
                        changed.add(col);
                    } else if (byKey && b.keyed().containsKey(col) && !b.keyed().get(col).equals(a.keyed().get(col))) {
                        changed.add(col);
                    }
                });
                for (String col : changed) {
                    out.add(Finding.of(VerificationCode.COLUMN_CONTENT_CHANGED, Severity.CRITICAL, table + "." + col, "the same "
                            + a.rows() + " rows, but the values of column " + col + " changed"));
                }
                // A dropped column takes its values with it: that is data the second capture no longer has.
                for (String col : gone) {
                    out.add(Finding.of(VerificationCode.COLUMN_CONTENT_CHANGED, Severity.CRITICAL, table + "." + col, "column " + col
                            + " is gone, and with it the values of " + b.rows() + " rows"));
                }
            } else if (content && !a.digest().equals(b.digest())) {
                out.add(Finding.of(VerificationCode.CONTENT_CHANGED, Severity.CRITICAL, table, "the same " + a.rows() + " rows, but "
                        + "their content changed (digest " + b.digest() + " -> " + a.digest() + ")"));
            }
        });
        return out;
    }

    /** A (primary key, value) pair as text; the value alone when the table has no key. */
    private static String keyed(List<String> key, String col) {
        if (key.isEmpty()) {
            return "coalesce(to_jsonb(t." + Sql.quote(col) + ")::text, 'NULL')";
        }
        StringBuilder b = new StringBuilder("jsonb_build_array(");
        for (String k : key) {
            b.append("to_jsonb(t.").append(Sql.quote(k)).append("), ");
        }
        return b.append("to_jsonb(t.").append(Sql.quote(col)).append("))::text").toString();
    }

    /** The tables whose definition a diff shows changed: compare those column by column. */
    public static Set<String> altered(SnapshotDiff diff) {
        return diff.ofKind("table", SnapshotDiff.Type.CHANGED).stream().map(SnapshotDiff.Change::object)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static boolean exists(Connection c, Table t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(quote_ident(?) || '.' || quote_ident(?)) IS NOT NULL")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** One scan: the count, and in CONTENT mode the row digest and one digest per column. */
    private static TableFingerprint fingerprint(Connection c, Table t, Mode mode) throws SQLException {
        List<String> columns = t.columns().stream().map(Column::name).toList();
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        if (mode == Mode.CONTENT) {
            sql.append(", coalesce(sum(").append(HASH.formatted("to_jsonb(t)::text")).append("), 0)::text");
            for (String col : columns) {
                sql.append(", coalesce(sum(").append(HASH.formatted("coalesce(to_jsonb(t." + Sql.quote(col) + ")::text, 'NULL')"))
                        .append("), 0)::text");
            }
            for (String col : columns) {
                sql.append(", coalesce(sum(").append(HASH.formatted(keyed(t.primaryKey(), col))).append("), 0)::text");
            }
        }
        sql.append(" FROM ").append(Sql.table(t.schema(), t.name())).append(" t");
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            rs.next();
            Map<String, String> digests = new LinkedHashMap<>();
            String digest = null;
            Map<String, String> keyed = new LinkedHashMap<>();
            if (mode == Mode.CONTENT) {
                digest = rs.getString(2);
                for (int i = 0; i < columns.size(); i++) {
                    digests.put(columns.get(i), rs.getString(i + 3));
                    if (!t.primaryKey().isEmpty()) {
                        keyed.put(columns.get(i), rs.getString(i + 3 + columns.size()));
                    }
                }
            }
            return new TableFingerprint(t.schema(), t.name(), t.qualified(), rs.getLong(1), digest, digests, t.primaryKey(), keyed);
        }
    }
}
