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

    /** What the table's policies are meant to do: separate tenants, deny everyone, or let everyone read. */
    enum Shape { TENANT, DENY_ALL, PUBLIC_READ }

    /** How the application connects, as far as this table is concerned. */
    enum Application { UNKNOWN, NOT_OWNER, OWNER, BYPASSES_RLS }

    private final Connection c;
    private final TenantModel model;
    private final RowFactory rows;
    private final String role;
    private final Table table;
    private final String name;
    /** The tenant column here; null for a table scoped through a parent (or a user) rather than a column of its own. */
    private final String column;
    /** A column a no-op {@code SET x = x} can name: the tenant column, else the first key column. */
    private final String touch;
    private final Application application;
    private final String applicationRole;
    /**
     * The probe role is a member of the application role, so the first run has its privileges and its
     * {@code TO} policies; the second run as the role itself still shows what tests {@code current_user}.
     */
    private final boolean memberOfApplication;
    private final Shape shape;
    /** A role for requests with no signed-in user (Supabase's anon), probed too; null when there is none. */
    private final String anonymous;
    /** During the anonymous run the session says nobody is signed in, whichever tenant a probe names. */
    private boolean anonymousRun;
    private TableVerdict verdict = TableVerdict.NOT_PROBED;
    // Set by the probes: anything that leaves isolation unshown.
    private boolean undemonstrated;
    private boolean ownerBypass;
    // Who the probes currently run as: the role (quoted) and how findings name it.
    private String actor;
    private String actorLabel;

    TableProbe(Connection c, TenantModel model, RowFactory rows, String role, Table table, Application application, String applicationRole,
               boolean memberOfApplication, Shape shape, String anonymous) {
        this.anonymous = anonymous;
        this.memberOfApplication = memberOfApplication;
        this.shape = shape;
        this.c = c;
        this.model = model;
        this.rows = rows;
        this.role = role;
        this.table = table;
        this.name = Sql.table(table.schema(), table.name());
        String own = model.columnOf(table.qualified());
        this.column = own != null && table.hasColumn(own) ? own : null;
        // a column an UPDATE may set to itself: not GENERATED ALWAYS (identity or computed)
        this.touch = column != null ? column : table.columns().stream()
                .filter(x -> x.generated() == null && (x.identity() == null || !x.identity().toUpperCase(java.util.Locale.ROOT).contains("ALWAYS")))
                .map(dev.stagegate.core.snapshot.Column::name).findFirst().orElse(table.columns().get(0).name());
        this.application = application;
        this.applicationRole = applicationRole;
    }

    TableVerdict verdict() {
        return verdict;
    }

    // what MoveProbes needs of the probe under way
    Connection connection() {
        return c;
    }

    String name() {
        return name;
    }

    String column() {
        return column;
    }

    String actor() {
        return actor;
    }

    Table table() {
        return table;
    }

    void notDemonstrated() {
        undemonstrated = true;
    }

    List<Finding> run(String tenantA, String tenantB, String tenantC) throws SQLException {
        List<Finding> out = new ArrayList<>();
        boolean tenantTable = model.isTenantTable(table);
        Savepoint setup = c.setSavepoint();
        SyntheticRow rowA;
        SyntheticRow rowB;
        String other;
        String insertForOther;
        String nullInsert = null;
        try {
            rowA = tenantTable ? tenantRow(tenantA) : rows.insert(table, tenantA);
            rowB = tenantTable ? tenantRow(tenantB) : rows.insert(table, tenantB);
            // In the tenant table B's key is taken, so the writes aim at a third, unused tenant id.
            other = tenantTable ? rows.newTenantId() : tenantB;
            insertForOther = rows.insertSql(table, other);
            if (!tenantTable && column != null && nullable()) {
                nullInsert = rows.insertSql(table, tenantA, java.util.Map.of(column, "NULL"));
            }
        } catch (SQLException e) {
            c.rollback(setup);
            rows.forgetParents();
            out.add(Finding.of(VerificationCode.PROBE_SETUP_FAILED, Severity.ERROR, table.qualified(), "could not create the two probe rows: "
                    + Sql.firstLine(e) + "; this table's isolation was NOT tested"));
            return out;
        }
        // No policy applies to an application that bypasses RLS, whatever the probe role sees.
        undemonstrated = application == Application.BYPASSES_RLS;
        Probes probes = new Probes(rowA, rowB, tenantA, tenantB, tenantC, other, insertForOther, nullInsert);
        Savepoint probing = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            probeAs(role, "the probe role (no superuser, no BYPASSRLS, not the owner" + (memberOfApplication ? ", member of "
                    + applicationRole : "") + ")", true, probes, out);
            if (anonymous != null && reachable(anonymous)) {
                // PostgREST's role for requests without a signed-in user: any tenant's row it reads is a leak
                anonymousRun = true;
                try {
                    probeAs(Sql.quote(anonymous), "the anonymous role " + anonymous, false, probes, out);
                } finally {
                    anonymousRun = false;
                }
            }
            if (application == Application.NOT_OWNER && applicationRole != null && reachable(applicationRole)) {
                // The application's own policies (TO app_role, current_user = ...) only show as that role.
                probeAs(Sql.quote(applicationRole), "the application role " + applicationRole, false, probes, out);
            }
            st.execute("RESET ROLE");
            if (table.rlsEnabled() && !table.rlsForced()) {
                ownerBypass(rowB, tenantA, out);
            }
        } catch (SQLException e) {
            // Undoes SET LOCAL ROLE too, so the next table starts as the session user.
            c.rollback(probing);
            out.add(Finding.of(VerificationCode.PROBE_FAILED, Severity.ERROR, table.qualified(), "the probe could not run"
                    + (actorLabel == null ? "" : " as " + actorLabel) + ": " + Sql.firstLine(e) + "; this table's isolation was NOT tested"));
            verdict = out.stream().anyMatch(TableProbe::isLeak) ? TableVerdict.LEAKING : TableVerdict.NOT_PROBED;
            return out;
        }
        verdict = out.stream().anyMatch(TableProbe::isLeak) ? TableVerdict.LEAKING
                : undemonstrated ? TableVerdict.NOT_DEMONSTRATED
                : ownerBypass ? TableVerdict.OWNER_BYPASS
                : shape == Shape.DENY_ALL ? TableVerdict.DENY_ALL
                : shape == Shape.PUBLIC_READ ? TableVerdict.PUBLIC_READ
                : TableVerdict.ISOLATED;
        return out;
    }

    /** Whether the role holds any table privilege here; without one the application cannot touch the table at all. */
    private boolean reachable(String appRole) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT has_table_privilege(?, ?::regclass, 'SELECT, INSERT, UPDATE, DELETE')")) {
            ps.setString(1, appRole);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** What the probes of one table work on, made once as the session user. */
    private record Probes(SyntheticRow rowA, SyntheticRow rowB, String tenantA, String tenantB, String tenantC, String other,
                          String insertForOther, String nullInsert) {
    }

    /** Every probe, as {@code actor} (a role name, quoted) with tenant A set; leaks are named after {@code label}. */
    private void probeAs(String actor, String label, boolean ownRow, Probes p, List<Finding> out) throws SQLException {
        this.actor = actor;
        this.actorLabel = label;
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL ROLE " + actor);
        }
        setTenant(p.tenantA());
        // A deny-all table hides the tenant's own row too: that is its design, and every other probe still runs.
        if (ownRow && shape != Shape.DENY_ALL && count(p.rowA().where()) == 0) {
            undemonstrated = true;
            out.add(Finding.of(VerificationCode.PROBE_OWN_ROW_HIDDEN, Severity.ERROR, table.qualified(), "with tenant A set, the probe "
                    + "cannot see tenant A's own row: the policy hides everything (or a helper it calls may not be executed by the probe "
                    + "role: give --app-role ROLE so it runs with the application's grants), so isolation is NOT demonstrated"));
        }
        String leaked = shape == Shape.PUBLIC_READ ? null : firstRow(p.rowB().where());
        if (leaked != null) {
            out.add(leak(VerificationCode.LEAK_READ, "read tenant B's row with tenant A set", leaked));
        }
        if (ProbeSql.changes(c, "UPDATE " + name + " SET " + Sql.quote(touch) + " = " + Sql.quote(touch) + " WHERE " + p.rowB().where()) > 0) {
            out.add(leak(VerificationCode.LEAK_UPDATE, "updated tenant B's row with tenant A set", p.rowB().where()));
        }
        if (ProbeSql.changes(c, "DELETE FROM " + name + " WHERE " + p.rowB().where()) > 0) {
            out.add(leak(VerificationCode.LEAK_DELETE, "deleted tenant B's row with tenant A set", p.rowB().where()));
        }
        unqualifiedWrites(p, out);
        probeInsert(p.insertForOther(), p.other(), out);
        if (column != null) {
            probeMove(p.rowA(), p.other(), out);
        }
        if (p.nullInsert() != null) {
            new MoveProbes(this).nullTenant(p.tenantA(), p.tenantB(), p.nullInsert(), out);
        }
    }

    /**
     * A WHERE that reads a column needs the SELECT policy too, so a qualified write can be blocked
     * while an UPDATE/DELETE policy is open: {@code DELETE FROM t} and an UPDATE that reads nothing
     * show it. They run with a third tenant set that owns no row (so nothing they touch is legitimately
     * theirs, and no own row's foreign keys get in the way); the session user then looks whether B's
     * row is gone or has a new row version.
     */
    private void unqualifiedWrites(Probes p, List<Finding> out) throws SQLException {
        SessionLook look = new SessionLook(c, name);
        String before = look.version(p.rowB().where(), actor);
        if (before == null) {
            throw new SQLException("tenant B's probe row cannot be found as the session user with row_security off");
        }
        List<String> writes = new ArrayList<>(List.of("DELETE FROM " + name,
                "UPDATE " + name + " SET " + Sql.quote(touch) + " = " + Sql.quote(touch)));
        if (!model.isTenantTable(table) && column != null) {
            writes.add("UPDATE " + name + " SET " + Sql.quote(column) + " = " + Sql.literal(p.tenantC()) + "::" + type());
        }
        for (String sql : writes) {
            Savepoint sp = c.setSavepoint();
            try {
                setTenant(p.tenantC());
                try (Statement st = c.createStatement()) {
                    st.executeUpdate(sql);
                } catch (SQLException e) {
                    if (!DENIED.equals(e.getSQLState())) {
                        undemonstrated = true;
                        out.add(Finding.of(VerificationCode.PROBE_WRITE_INCONCLUSIVE, Severity.ERROR, table.qualified(), "as " + actorLabel
                                + ", " + sql + " with a tenant set that owns no row failed for another reason than RLS ("
                                + Sql.firstLine(e) + "): it reached some row, and write isolation was NOT shown", sql));
                    }
                    continue;
                }
                String after = look.version(p.rowB().where(), actor);
                if (after == null) {
                    out.add(leak(VerificationCode.LEAK_DELETE, "deleted tenant B's row by a DELETE without a WHERE clause, with a tenant "
                            + "set that owns no row (B's row was gone afterwards)", sql));
                } else if (!after.equals(before)) {
                    // A DELETE can change a row too: a soft-delete trigger that updates it instead.
                    out.add(leak(VerificationCode.LEAK_UPDATE, "changed tenant B's row by a write without a WHERE clause, with a tenant "
                            + "set that owns no row (B's row version changed from xmin " + before + " to " + after + ")", sql));
                }
            } finally {
                c.rollback(sp);
            }
        }
    }


    private static boolean isLeak(Finding f) {
        return f.code().startsWith("LEAK_");
    }

    private SyntheticRow tenantRow(String tenant) {
        return new SyntheticRow(table.qualified(), Sql.quote(model.tenantKey()) + "::text = " + Sql.literal(tenant), List.of(tenant));
    }

    private void probeInsert(String insertForOther, String target, List<Finding> out) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            SessionLook look = new SessionLook(c, name);
            // Without a tenant column of its own the row's tenant is its parent's: any new row is the other tenant's.
            String inTarget = column == null ? "true" : Sql.quote(column) + "::text = " + Sql.literal(target);
            long before = look.count(inTarget, actor);
            try (Statement st = c.createStatement()) {
                st.execute(insertForOther);
            } catch (SQLException e) {
                if (!DENIED.equals(e.getSQLState())) {
                    undemonstrated = true;
                    out.add(Finding.of(VerificationCode.PROBE_INSERT_INCONCLUSIVE, Severity.ERROR, table.qualified(), "the cross-tenant "
                            + "INSERT failed for another reason than RLS (" + Sql.firstLine(e) + "), so write isolation was NOT shown",
                            insertForOther));
                }
                return;
            }
            landed(look.count(inTarget, actor) > before, VerificationCode.LEAK_INSERT,
                    "inserted a row carrying another tenant's key with tenant A set", "INSERT", insertForOther, out);
        } finally {
            c.rollback(sp);
        }
    }

    private void probeMove(SyntheticRow rowA, String target, List<Finding> out) throws SQLException {
        MoveProbes moves = new MoveProbes(this);
        moves.qualified(rowA, target, out);
        moves.unqualified(target, out);
    }

    /** A write that succeeded is a leak only when the other tenant gained a row (looked at as the session user). */
    void landed(boolean grew, VerificationCode code, String what, String verb, String sql, List<Finding> out) {
        if (grew) {
            out.add(leak(code, what + " (the other tenant's row count grew)", sql));
        } else {
            out.add(Finding.of(VerificationCode.TENANT_KEY_REWRITTEN, Severity.INFO, table.qualified(), "as " + actorLabel + ", the "
                    + "cross-tenant " + verb + " succeeded but the other tenant gained no row: a trigger or rule rewrote (or dropped) the "
                    + "tenant key, so the row stayed out of the other tenant", sql));
        }
    }

    /** Without FORCE the owner skips RLS: show it by reading B's row as the owner with tenant A set. */
    private void ownerBypass(SyntheticRow rowB, String tenantA, List<Finding> out) throws SQLException {
        Savepoint sp = c.setSavepoint();
        String seen = null;
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL ROLE " + Sql.quote(table.owner()));
            setTenant(tenantA);
            // Strict: an owner who cannot read its table has not shown the bypass.
            try (ResultSet rs = st.executeQuery("SELECT row_to_json(sg_row)::text FROM " + name + " sg_row WHERE " + rowB.where() + " LIMIT 1")) {
                seen = rs.next() ? rs.getString(1) : null;
            }
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
            // Known not to be the application's role: the bypass is the owner's own (migrations, admin), not the application's.
            Severity severity = critical ? Severity.ERROR : application == Application.NOT_OWNER ? Severity.INFO : Severity.WARNING;
            out.add(Finding.of(VerificationCode.OWNER_BYPASS, severity, table.qualified(), "the owner ("
                    + table.owner() + ") read tenant B's row with tenant A set, because FORCE ROW LEVEL SECURITY is not set"
                    + (application == Application.NOT_OWNER ? "; the application role " + applicationRole + " is not the owner" : ""), seen));
        }
        // Without an application role nobody can say the app is not the owner: counted apart, never as isolated.
        ownerBypass = application == Application.UNKNOWN;
    }

    Finding leak(VerificationCode code, String what, String proof) {
        return Finding.of(code, Severity.CRITICAL, table.qualified(), "cross-tenant leak: " + actorLabel + " " + what, proof);
    }

    void setTenant(String tenant) throws SQLException {
        if (anonymousRun) {
            model.identity().anonymous(c, anonymous);
            return;
        }
        model.enter(c, tenant, applicationRole);
    }

    /** Rows the current role sees; 0 when it may not read the table at all (no SELECT privilege). */
    long count(String where) throws SQLException {
        String v = ProbeSql.readDenied(c, "SELECT count(*)::text FROM " + name + " WHERE " + where);
        return v == null ? 0 : Long.parseLong(v);
    }

    private String firstRow(String where) throws SQLException {
        return ProbeSql.readDenied(c, "SELECT row_to_json(sg_row)::text FROM " + name + " sg_row WHERE " + where + " LIMIT 1");
    }

    private boolean nullable() {
        return table.columns().stream().anyMatch(x -> x.name().equals(column) && x.nullable()) && !table.primaryKey().contains(column);
    }

    String type() {
        return table.columns().stream().filter(x -> x.name().equals(column)).findFirst().map(x -> x.type()).orElse("text");
    }
}
