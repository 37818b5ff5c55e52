package dev.stagegate.verification.fk;

import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.sql.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Up to {@link #SAMPLE} child rows of one parent, each remembered by its primary key (or, without
 * one, by its content minus the key columns, which an ON DELETE action does not touch), so that
 * after the parent is deleted each row can be found again and classified. A ctid would not do:
 * SET NULL writes a new row version with a new ctid.
 */
final class ChildRows {

    static final int SAMPLE = 10;

    private final ForeignKey fk;
    private final String child;
    private final List<String> key;
    private final List<String> wheres;

    private ChildRows(ForeignKey fk, List<String> key, List<String> wheres) {
        this.fk = fk;
        this.child = Sql.table(fk.schema(), fk.table());
        this.key = key;
        this.wheres = wheres;
    }

    static ChildRows of(Connection c, ForeignKey fk, Table table, List<String> key) throws SQLException {
        boolean byPk = !table.primaryKey().isEmpty();
        List<String> identity = byPk ? table.primaryKey().stream().map(col -> "c." + Sql.quote(col) + "::text").toList()
                : List.of(content(fk));
        List<String> wheres = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + String.join(", ", identity) + " FROM "
                + Sql.table(fk.schema(), fk.table()) + " c WHERE " + children(fk, table, key) + " LIMIT " + SAMPLE)) {
            while (rs.next()) {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < identity.size(); i++) {
                    parts.add(identity.get(i) + " = " + Sql.literal(rs.getString(i + 1)));
                }
                wheres.add(String.join(" AND ", parts));
            }
        }
        return new ChildRows(fk, key, wheres);
    }

    /** Rows pointing at {@code key}, except, for a self-reference, the parent row itself. */
    static String children(ForeignKey fk, Table table, List<String> key) {
        String where = ForeignKeyChecks.typedMatch("c.", table, fk.columns(), key);
        if (fk.qualifiedTable().equals(fk.qualifiedRefTable())) {
            where += " AND NOT (" + ForeignKeyChecks.typedMatch("c.", table, fk.refColumns(), key) + ")";
        }
        return where;
    }

    private static String content(ForeignKey fk) {
        String columns = String.join(", ", fk.columns().stream().map(Sql::literal).toList());
        return "(to_jsonb(c) - ARRAY[" + columns + "]::text[])::text";
    }

    int size() {
        return wheres.size();
    }

    /** Finds each remembered row again: gone, key NULL, key changed, or key unchanged. */
    DeleteOutcome outcomeAfterDelete(Connection c) throws SQLException {
        Set<DeleteOutcome> seen = EnumSet.noneOf(DeleteOutcome.class);
        String select = String.join(", ", fk.columns().stream().map(col -> "c." + Sql.quote(col) + "::text").toList());
        try (Statement st = c.createStatement()) {
            for (String where : wheres) {
                try (ResultSet rs = st.executeQuery("SELECT " + select + " FROM " + child + " c WHERE " + where + " LIMIT 1")) {
                    seen.add(rs.next() ? classify(rs) : DeleteOutcome.CASCADED);
                }
            }
        }
        return seen.size() == 1 ? seen.iterator().next() : DeleteOutcome.MIXED;
    }

    private DeleteOutcome classify(ResultSet rs) throws SQLException {
        boolean unchanged = true;
        for (int i = 0; i < key.size(); i++) {
            String now = rs.getString(i + 1);
            if (now == null) {
                return DeleteOutcome.SET_NULL;
            }
            unchanged &= now.equals(key.get(i));
        }
        return unchanged ? DeleteOutcome.KEPT : DeleteOutcome.SET_DEFAULT;
    }
}
