package dev.stagegate.migration.rehearsal;

import static dev.stagegate.core.sql.Identifiers.quote;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of a database at one moment, per table and per column: the row count, and per column the
 * number of non-NULL values and the sum of a 64-bit hash of each value (order-independent, no sort),
 * tied to its row's primary key when the table has one, so values moved between rows read as
 * changed. One query per table, plus one for the sequences. Two states compare column by column, so
 * a column dropped and re-added empty reads as the number of values it lost, a narrowed type as
 * values changed, a sequence set back as a collision to come.
 */
public record DataState(Map<String, TableState> tables, Map<String, Long> sequences) {

    /** @param sequenced columns filled from a sequence or identity: new rows get new numbers on every run */
    public record TableState(long rows, Map<String, ColumnState> columns, java.util.Set<String> sequenced) {
    }

    public record ColumnState(long values, String hash) {
    }

    /** One way two states differ, for a finding: the table, the column (or null) and what was lost or changed. */
    public record Difference(String table, String column, long lost, String what) {
        public String object() {
            return column == null ? table : table + "." + column;
        }
    }

    public static DataState read(Connection c) throws SQLException {
        SchemaSnapshot s = new CatalogReader(c).read(false);
        Map<String, TableState> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            st.execute("SET row_security = off");
            st.execute("SET TimeZone = 'UTC'");
            for (Table t : s.tables()) {
                if (t.partitioned()) {
                    continue;
                }
                out.put(t.qualified(), table(st, t));
            }
            st.execute("RESET row_security");
            st.execute("RESET TimeZone");
        }
        Map<String, Long> sequences = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT schemaname || '.' || sequencename, "
                + "coalesce(last_value, 0) FROM pg_sequences")) {
            while (rs.next()) {
                sequences.put(rs.getString(1), rs.getLong(2));
            }
        }
        return new DataState(out, sequences);
    }

    private static TableState table(Statement st, Table t) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        // tied to the row by its primary key: the same values on other rows are not the same data
        String key = t.primaryKey().isEmpty() ? "" : "row(" + String.join(", ", t.primaryKey().stream().map(k -> "x." + quote(k)).toList())
                + ")::text || '|' || ";
        for (Column col : t.columns()) {
            String q = quote(col.name());
            sql.append(", count(x.").append(q).append("), coalesce(sum(CASE WHEN x.").append(q).append(" IS NOT NULL THEN hashtextextended(")
                    .append(key).append("x.").append(q).append("::text, 0) END::numeric), 0)");
        }
        sql.append(" FROM ").append(quote(t.schema())).append('.').append(quote(t.name())).append(" x");
        try (ResultSet rs = st.executeQuery(sql.toString())) {
            rs.next();
            Map<String, ColumnState> columns = new LinkedHashMap<>();
            int i = 2;
            for (Column col : t.columns()) {
                columns.put(col.name(), new ColumnState(rs.getLong(i), rs.getString(i + 1)));
                i += 2;
            }
            java.util.Set<String> sequenced = new java.util.HashSet<>();
            for (Column col : t.columns()) {
                if (col.identity() != null || (col.defaultExpression() != null && col.defaultExpression().contains("nextval("))) {
                    sequenced.add(col.name());
                }
            }
            return new TableState(rs.getLong(1), columns, sequenced);
        }
    }

    /**
     * How {@code later} fails to hold this state's data: for every table and column here, rows or values
     * missing there, or values changed. {@code contentOf} says which columns must keep their content
     * exactly; for the others only the number of values counts (a column a migration fills with
     * {@code now()} differs between two runs of it, and that is no loss).
     */
    public List<Difference> lostIn(DataState later, java.util.function.BiPredicate<String, String> contentOf) {
        List<Difference> out = new ArrayList<>();
        tables.forEach((name, was) -> {
            TableState now = later.tables.get(name);
            if (now == null) {
                out.add(new Difference(name, null, was.rows(), "the table is gone with its " + was.rows() + " row(s)"));
                return;
            }
            if (now.rows() != was.rows()) {
                out.add(new Difference(name, null, Math.max(0, was.rows() - now.rows()),
                        "rows: " + was.rows() + " before, " + now.rows() + " after"));
            }
            was.columns().forEach((column, c) -> {
                ColumnState n = now.columns().get(column);
                if (n == null) {
                    if (c.values() > 0) {
                        out.add(new Difference(name, column, c.values(), "the column is gone with its " + c.values() + " value(s)"));
                    }
                } else if (n.values() < c.values()) {
                    out.add(new Difference(name, column, c.values() - n.values(), (c.values() - n.values()) + " of " + c.values()
                            + " value(s) lost (" + n.values() + " left)"));
                } else if (!n.hash().equals(c.hash()) && contentOf.test(name, column)) {
                    out.add(new Difference(name, column, 0, "values changed (" + c.values() + " before, " + n.values()
                            + " after, content fingerprint differs)"));
                }
            });
        });
        return out;
    }

    /** This state without the named tables (bare names match in any schema). */
    public DataState without(java.util.Set<String> tablesLeftOut) {
        Map<String, TableState> kept = new LinkedHashMap<>(tables);
        kept.keySet().removeIf(q -> tablesLeftOut.contains(q) || tablesLeftOut.contains(q.substring(q.indexOf('.') + 1)));
        return new DataState(kept, sequences);
    }

    /** True when the column is filled from a sequence or identity in this state. */
    public boolean sequenced(String table, String column) {
        TableState t = tables.get(table);
        return t != null && t.sequenced().contains(column);
    }

    /** Sequences whose position in {@code later} is behind this one: the next insert may hit a taken number. */
    public List<Difference> setBackIn(DataState later) {
        List<Difference> out = new ArrayList<>();
        sequences.forEach((name, was) -> {
            Long now = later.sequences.get(name);
            if (now != null && now < was) {
                out.add(new Difference(name, null, 0, "sequence set back from " + was + " to " + now + ": the next insert may take a number "
                        + "a row already has"));
            }
        });
        return out;
    }

    /** True when the table had the column in this state. */
    public boolean has(String table, String column) {
        TableState t = tables.get(table);
        return t != null && t.columns().containsKey(column);
    }

}
