package dev.stagegate.verification.rls;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.data.RowFactory;
import dev.stagegate.verification.data.SyntheticRow;
import dev.stagegate.verification.tenant.TenantModel;
import dev.stagegate.verification.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The probes of one table, run by {@link IsolationProbe} inside its rolled-back transaction. */
final class TableProbe {

    private static final String DENIED = "42501";

    private final Connection c;
    private final TenantModel model;
    private final RowFactory rows;
    private final String role;
    private final Table table;
    private final String name;
    private final String column;
    private boolean ran;

    TableProbe(Connection c, TenantModel model, RowFactory rows, String role, Table table) {
        this.c = c;
        this.model = model;
        this.rows = rows;
        this.role = role;
        this.table = table;
        this.name = Sql.table(table.schema(), table.name());
        this.column = model.columnOf(table.name());
    }

    boolean ran() {
        return ran;
    }

    List<Finding> run(String tenantA, String tenantB) throws SQLException {
        List<Finding> out = new ArrayList<>();
        Savepoint setup = c.setSavepoint();
        SyntheticRow rowA;
        SyntheticRow rowB;
        String insertForB;
        try {
            rowA = table.name().equals(model.tenantTable()) ? tenantRow(tenantA) : rows.insert(table, tenantA);
            rowB = table.name().equals(model.tenantTable()) ? tenantRow(tenantB) : rows.insert(table, tenantB);
            insertForB = table.name().equals(model.tenantTable()) ? null : rows.insertSql(table, tenantB);
        } catch (SQLException e) {
            c.rollback(setup);
            rows.forgetParents();
            out.add(Finding.of("PROBE_SETUP_FAILED", Severity.ERROR, table.qualified(), "could not create the two probe rows: "
                    + Sql.firstLine(e) + "; this table's isolation was NOT tested"));
            return out;
        }
        ran = true;
        Savepoint probing = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL ROLE " + role);
            setTenant(tenantA);
            if (count(rowA.where()) == 0) {
                out.add(Finding.of("PROBE_OWN_ROW_HIDDEN", Severity.WARNING, table.qualified(), "with tenant A set, the probe "
                        + "cannot see tenant A's own row: the policy hides everything, so isolation is not demonstrated"));
            }
            String leaked = firstRow(rowB.where());
            if (leaked != null) {
                out.add(leak("LEAK_READ", "read tenant B's row with tenant A set", leaked));
            }
            if (changes("UPDATE " + name + " SET " + Sql.quote(column) + " = " + Sql.quote(column) + " WHERE " + rowB.where()) > 0) {
                out.add(leak("LEAK_UPDATE", "updated tenant B's row with tenant A set", rowB.where()));
            }
            if (changes("DELETE FROM " + name + " WHERE " + rowB.where()) > 0) {
                out.add(leak("LEAK_DELETE", "deleted tenant B's row with tenant A set", rowB.where()));
            }
            if (insertForB != null) {
                probeInsert(insertForB, out);
                probeMove(rowA, tenantB, out);
            }
            st.execute("RESET ROLE");
            if (table.rlsEnabled() && !table.rlsForced()) {
                ownerBypass(rowB, tenantA, out);
            }
        } catch (SQLException e) {
            // Undoes SET LOCAL ROLE too, so the next table starts as the session user.
            c.rollback(probing);
            ran = false;
            out.add(Finding.of("PROBE_FAILED", Severity.ERROR, table.qualified(), "the probe could not run: "
                    + Sql.firstLine(e) + "; this table's isolation was NOT tested"));
        }
        return out;
    }

    private SyntheticRow tenantRow(String tenant) {
        return new SyntheticRow(table.qualified(), Sql.quote(model.tenantKey()) + "::text = " + Sql.literal(tenant), List.of(tenant));
    }

    private void probeInsert(String insertForB, List<Finding> out) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute(insertForB);
            out.add(leak("LEAK_INSERT", "inserted a row carrying tenant B's key with tenant A set", insertForB));
        } catch (SQLException e) {
            if (!DENIED.equals(e.getSQLState())) {
                out.add(Finding.of("PROBE_INSERT_INCONCLUSIVE", Severity.ERROR, table.qualified(), "the cross-tenant INSERT failed "
                        + "for another reason than RLS (" + Sql.firstLine(e) + "), so write isolation was NOT shown", insertForB));
            }
        } finally {
            c.rollback(sp);
        }
    }

    private void probeMove(SyntheticRow rowA, String tenantB, List<Finding> out) throws SQLException {
        String sql = "UPDATE " + name + " SET " + Sql.quote(column) + " = " + Sql.literal(tenantB) + "::" + type() + " WHERE " + rowA.where();
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            if (st.executeUpdate(sql) > 0) {
                out.add(leak("LEAK_MOVE", "moved tenant A's own row to tenant B", sql));
            }
        } catch (SQLException e) {
            if (!DENIED.equals(e.getSQLState())) {
                out.add(Finding.of("PROBE_MOVE_INCONCLUSIVE", Severity.WARNING, table.qualified(), "moving a row to tenant B failed "
                        + "for another reason than RLS: " + Sql.firstLine(e), sql));
            }
        } finally {
            c.rollback(sp);
        }
    }

    /** Without FORCE the owner skips RLS: show it by reading B's row as the owner with tenant A set. */
    private void ownerBypass(SyntheticRow rowB, String tenantA, List<Finding> out) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL ROLE " + Sql.quote(table.owner()));
            setTenant(tenantA);
            String seen = firstRow(rowB.where());
            if (seen != null) {
                boolean critical = model.critical(table.name());
                out.add(Finding.of("OWNER_BYPASS", critical ? Severity.ERROR : Severity.WARNING, table.qualified(), "the owner ("
                        + table.owner() + ") read tenant B's row with tenant A set, because FORCE ROW LEVEL SECURITY is not set", seen));
            }
        } catch (SQLException e) {
            out.add(Finding.of("OWNER_BYPASS_NOT_SHOWN", Severity.INFO, table.qualified(), "could not act as the owner "
                    + table.owner() + " to demonstrate the bypass: " + Sql.firstLine(e)));
        } finally {
            c.rollback(sp);
        }
    }

    private Finding leak(String code, String what, String proof) {
        return Finding.of(code, Severity.CRITICAL, table.qualified(), "cross-tenant leak: the probe role (no superuser, no "
                + "BYPASSRLS, not the owner) " + what, proof);
    }

    private void setTenant(String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true)")) {
            ps.setString(1, model.setting());
            ps.setString(2, tenant);
            ps.execute();
        }
    }

    private long count(String where) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + name + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String firstRow(String where) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT row_to_json(x)::text FROM " + name + " x WHERE " + where + " LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Rows a write changed; 0 when RLS filtered it out or refused it. Always undone. */
    private int changes(String sql) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        } catch (SQLException e) {
            if (DENIED.equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        } finally {
            c.rollback(sp);
        }
    }

    private String type() {
        return table.columns().stream().filter(x -> x.name().equals(column)).findFirst().map(x -> x.type()).orElse("text");
    }

}
