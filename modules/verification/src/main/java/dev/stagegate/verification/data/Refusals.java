package dev.stagegate.verification.data;

import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.Constraint;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.sql.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What the server refused in a synthetic row, read as a constraint whose candidates can be tried:
 * a table's CHECK, a domain's CHECK (VALUE read as the column), or a partitioned table's bounds;
 * and a value of a row the table already holds, the first candidate.
 */
final class Refusals {

    private final Connection connection;
    private final SchemaSnapshot snapshot;

    Refusals(Connection connection, SchemaSnapshot snapshot) {
        this.connection = connection;
        this.snapshot = snapshot;
    }

    /** A value of {@code c} from a row {@code t} already holds, as a literal; null when it has none (read as the session user). */
    String existingValue(Table t, Column c) {
        try {
            java.sql.Savepoint sp = connection.setSavepoint();
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + Sql.quote(c.name()) + "::text FROM " + RowFactory.qualified(t) + " WHERE "
                    + Sql.quote(c.name()) + " IS NOT NULL LIMIT 1"); ResultSet rs = ps.executeQuery()) {
                String v = rs.next() ? RowFactory.literal(rs.getString(1), c.type()) : null;
                connection.releaseSavepoint(sp);
                return v;
            } catch (SQLException e) {
                connection.rollback(sp);
                return null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    /** The CHECK constraint of {@code table} the server says the row broke, or null for another error. */
    Constraint refusedCheck(Table table, SQLException e) {
        if (!"23514".equals(e.getSQLState()) || !(e instanceof org.postgresql.util.PSQLException p) || p.getServerErrorMessage() == null) {
            return null;
        }
        if (table.partitioned() && String.valueOf(e.getMessage()).contains("no partition of relation")) {
            return partitionBounds(table);
        }
        String name = p.getServerErrorMessage().getConstraint();
        Constraint own = snapshot.constraints().stream().filter(k -> k.kind().equals("CHECK") && k.name().equals(name)
                && k.schema().equals(table.schema()) && k.table().equals(table.name())).findFirst().orElse(null);
        String domain = p.getServerErrorMessage().getDatatype();
        return own != null || domain == null ? own : domainCheck(table, name, domain);
    }

    /**
     * A partitioned table refuses a row no partition takes: its partition key and every partition's
     * bounds, read as a CHECK, give the candidates (the bounds' own values).
     */
    private Constraint partitionBounds(Table table) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_get_partkeydef(p.oid) || ' ' || coalesce(string_agg("
                + "pg_get_expr(c.relpartbound, c.oid), ' '), '') FROM pg_class p LEFT JOIN pg_inherits i ON i.inhparent = p.oid "
                + "LEFT JOIN pg_class c ON c.oid = i.inhrelid WHERE p.oid = ?::regclass GROUP BY p.oid")) {
            ps.setString(1, RowFactory.qualified(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Constraint(table.schema(), table.name(), "partition bounds of " + table.qualified(), "CHECK",
                        rs.getString(1), true) : null;
            }
        } catch (SQLException x) {
            return null;
        }
    }

    /** A domain's CHECK, read as if written on the columns of that domain (VALUE becomes each column's name). */
    private Constraint domainCheck(Table table, String name, String domain) {
        List<String> columns = table.columns().stream().filter(c -> RowFactory.baseType(c.type()).equals(domain) || c.type().endsWith("." + domain))
                .map(Column::name).toList();
        if (columns.isEmpty()) {
            return null;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_type t "
                + "ON t.oid = k.contypid WHERE k.conname = ? AND t.typname = ? LIMIT 1")) {
            ps.setString(1, name);
            ps.setString(2, domain);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String text = rs.getString(1);
                String def = String.join(" AND ", columns.stream().map(col -> text.replaceAll("\\bVALUE\\b", Sql.quote(col))).toList());
                return new Constraint(table.schema(), table.name(), name, "CHECK", def, true);
            }
        } catch (SQLException e) {
            return null;
        }
    }
}
