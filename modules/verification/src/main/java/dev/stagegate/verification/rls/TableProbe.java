package dev.stagegate.verification.rls;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.data.RowFactory;
import dev.stagegate.verification.data.SyntheticRow;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.verification.sql.Sql;
import dev.stagegate.verification.tenant.TenantModel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The probes of one table, run by {@link IsolationProbe} inside its rolled-back transaction, and
 * the table's {@link TableVerdict}: isolated only when every probe ran and was blocked.
 */
final class TableProbe {

    private static final String DENIED = "42501";

    /** How the application connects, as far as this table is concerned. */
    enum Application { UNKNOWN, NOT_OWNER, OWNER, BYPASSES_RLS }

    private final Connection c;
    private final TenantModel model;
    private final RowFactory rows;
    private final String role;
    private final Table table;
    private final String name;
    private final String column;
    private final Application application;
    private final String applicationRole;
    private TableVerdict verdict = TableVerdict.NOT_PROBED;
    // Set by the probes: anything that leaves isolation unshown.
    private boolean undemonstrated;
    private boolean ownerBypass;

    TableProbe(Connection c, TenantModel model, RowFactory rows, String role, Table table, Application application, String applicationRole) {
        this.c = c;
        this.model = model;
        this.rows = rows;
        this.role = role;
        this.table = table;
        this.name = Sql.table(table.schema(), table.name());
        this.column = model.columnOf(table.name());
        this.application = application;
        this.applicationRole = applicationRole;
    }

    TableVerdict verdict() {
        return verdict;
    }

    List<Finding> run(String tenantA, String tenantB) throws SQLException {
        List<Finding> out = new ArrayList<>();
        boolean tenantTable = table.name().equals(model.tenantTable());
        Savepoint setup = c.setSavepoint();
        SyntheticRow rowA;
        SyntheticRow rowB;
        String other;
        String insertForOther;
        try {
            rowA = tenantTable ? tenantRow(tenantA) : rows.insert(table, tenantA);
            rowB = tenantTable ? tenantRow(tenantB) : rows.insert(table, tenantB);
            // In the tenant table B's key is taken, so the writes aim at a third, unused tenant id.
            other = tenantTable ? rows.newTenantId() : tenantB;
            insertForOther = rows.insertSql(table, other);
        } catch (SQLException e) {
            c.rollback(setup);
            rows.forgetParents();
            out.add(Finding.of(VerificationCode.PROBE_SETUP_FAILED, Severity.ERROR, table.qualified(), "could not create the two probe rows: "
                    + Sql.firstLine(e) + "; this table's isolation was NOT tested"));
            return out;
        }
        // No policy applies to an application that bypasses RLS, whatever the probe role sees.
        undemonstrated = application == Application.BYPASSES_RLS;
        Savepoint probing = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL ROLE " + role);
            setTenant(tenantA);
            if (count(rowA.where()) == 0) {
                undemonstrated = true;
                out.add(Finding.of(VerificationCode.PROBE_OWN_ROW_HIDDEN, Severity.ERROR, table.qualified(), "with tenant A set, the probe "
                        + "cannot see tenant A's own row: the policy hides everything, so isolation is NOT demonstrated"));
            }
            String leaked = firstRow(rowB.where());
            if (leaked != null) {
                out.add(leak(VerificationCode.LEAK_READ, "read tenant B's row with tenant A set", leaked));
            }
            if (changes("UPDATE " + name + " SET " + Sql.quote(column) + " = " + Sql.quote(column) + " WHERE " + rowB.where()) > 0) {
                out.add(leak(VerificationCode.LEAK_UPDATE, "updated tenant B's row with tenant A set", rowB.where()));
            }
            if (changes("DELETE FROM " + name + " WHERE " + rowB.where()) > 0) {
                out.add(leak(VerificationCode.LEAK_DELETE, "deleted tenant B's row with tenant A set", rowB.where()));
            }
            probeInsert(insertForOther, out);
            probeMove(rowA, other, out);
            st.execute("RESET ROLE");
            if (table.rlsEnabled() && !table.rlsForced()) {
                ownerBypass(rowB, tenantA, out);
            }
        } catch (SQLException e) {
            // Undoes SET LOCAL ROLE too, so the next table starts as the session user.
            c.rollback(probing);
            out.add(Finding.of(VerificationCode.PROBE_FAILED, Severity.ERROR, table.qualified(), "the probe could not run: "
                    + Sql.firstLine(e) + "; this table's isolation was NOT tested"));
            verdict = out.stream().anyMatch(TableProbe::isLeak) ? TableVerdict.LEAKING : TableVerdict.NOT_PROBED;
            return out;
        }
        verdict = out.stream().anyMatch(TableProbe::isLeak) ? TableVerdict.LEAKING
                : undemonstrated ? TableVerdict.NOT_DEMONSTRATED
                : ownerBypass ? TableVerdict.OWNER_BYPASS
                : TableVerdict.ISOLATED;
        return out;
    }

    private static boolean isLeak(Finding f) {
        return f.code().startsWith("LEAK_");
    }

    private SyntheticRow tenantRow(String tenant) {
        return new SyntheticRow(table.qualified(), Sql.quote(model.tenantKey()) + "::text = " + Sql.literal(tenant), List.of(tenant));
    }

    private void probeInsert(String insertForOther, List<Finding> out) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute(insertForOther);
            out.add(leak(VerificationCode.LEAK_INSERT, "inserted a row carrying another tenant's key with tenant A set", insertForOther));
        } catch (SQLException e) {
            if (!DENIED.equals(e.getSQLState())) {
                undemonstrated = true;
                out.add(Finding.of(VerificationCode.PROBE_INSERT_INCONCLUSIVE, Severity.ERROR, table.qualified(), "the cross-tenant INSERT "
                        + "failed for another reason than RLS (" + Sql.firstLine(e) + "), so write isolation was NOT shown", insertForOther));
            }
        } finally {
            c.rollback(sp);
        }
    }

    private void probeMove(SyntheticRow rowA, String target, List<Finding> out) throws SQLException {
        String sql = "UPDATE " + name + " SET " + Sql.quote(column) + " = " + Sql.literal(target) + "::" + type() + " WHERE " + rowA.where();
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            if (st.executeUpdate(sql) > 0) {
                out.add(leak(VerificationCode.LEAK_MOVE, "moved tenant A's own row to another tenant", sql));
            }
        } catch (SQLException e) {
            if (!DENIED.equals(e.getSQLState())) {
                undemonstrated = true;
                out.add(Finding.of(VerificationCode.PROBE_MOVE_INCONCLUSIVE, Severity.ERROR, table.qualified(), "moving a row to another "
                        + "tenant failed for another reason than RLS (" + Sql.firstLine(e) + "), so write isolation was NOT shown", sql));
            }
        } finally {
            c.rollback(sp);
        }
    }

    /** Without FORCE the owner skips RLS: show it by reading B's row as the owner with tenant A set. */
    private void ownerBypass(SyntheticRow rowB, String tenantA, List<Finding> out) throws SQLException {
        Savepoint sp = c.setSavepoint();
        String seen = null;
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL ROLE " + Sql.quote(table.owner()));
            setTenant(tenantA);
            seen = firstRow(rowB.where());
        } catch (SQLException e) {
            out.add(Finding.of(VerificationCode.OWNER_BYPASS_NOT_SHOWN, Severity.INFO, table.qualified(), "could not act as the owner "
                    + table.owner() + " to demonstrate the bypass: " + Sql.firstLine(e)));
        } finally {
            c.rollback(sp);
        }
        if (application == Application.OWNER) {
            // PostgreSQL skips the policies for the owner without FORCE, shown or not: the app is not isolated.
            undemonstrated = true;
            out.add(Finding.of(VerificationCode.APPLICATION_ROLE_OWNS_TABLE, Severity.ERROR, table.qualified(), "the application role "
                    + applicationRole + " has the rights of the owner " + table.owner() + " and FORCE ROW LEVEL SECURITY is not set, so "
                    + "the policies never apply to the application; isolation is NOT demonstrated", seen == null ? new String[0] : new String[]{seen}));
            return;
        }
        if (seen != null) {
            boolean critical = model.critical(table.name());
            out.add(Finding.of(VerificationCode.OWNER_BYPASS, critical ? Severity.ERROR : Severity.WARNING, table.qualified(), "the owner ("
                    + table.owner() + ") read tenant B's row with tenant A set, because FORCE ROW LEVEL SECURITY is not set", seen));
        }
        // Without an application role nobody can say the app is not the owner: counted apart, never as isolated.
        ownerBypass = application == Application.UNKNOWN;
    }

    private Finding leak(VerificationCode code, String what, String proof) {
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
