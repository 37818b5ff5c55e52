package dev.stagegate.verification.data;

import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.sql.Sql;
import dev.stagegate.verification.tenant.TenantModel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows a membership model needs around the probe's tenants: each tenant's synthetic member (a
 * row in the users table the membership references, made once), its membership row (reused when a
 * trigger made it), and per-user rows of that tenant owned by that member.
 */
final class MemberRows {

    private final RowFactory rows;
    private final Connection connection;
    private final SchemaSnapshot snapshot;
    private final TenantModel model;
    private final Map<String, SyntheticRow> parents;

    MemberRows(RowFactory rows, Connection connection, SchemaSnapshot snapshot, TenantModel model, Map<String, SyntheticRow> parents) {
        this.rows = rows;
        this.connection = connection;
        this.snapshot = snapshot;
        this.model = model;
        this.parents = parents;
    }

    /**
     * A membership row's user is the tenant's synthetic member, whose row in the users table (if the
     * column references one) is made first with that id.
     */
    void memberOf(Table table, String tenant, Map<String, String> fixed) throws SQLException {
        dev.stagegate.verification.tenant.Membership m = model.membership();
        if (m == null || tenant == null || tenant.isEmpty() || !table.qualified().equals(m.table()) || fixed.containsKey(m.userColumn())) {
            return;
        }
        Optional<ForeignKey> users = snapshot.foreignKeysOf(table).stream().filter(f -> f.columns().equals(List.of(m.userColumn()))).findFirst();
        String user = m.userFor(tenant);
        if (users.isPresent()) {
            ensureUser(users.get(), tenant);
        }
        fixed.put(m.userColumn(), RowFactory.literal(user, m.userType()));
        String tenantType = table.columns().stream().filter(c -> c.name().equals(m.tenantColumn())).findFirst().map(Column::type).orElse("text");
        fixed.putIfAbsent(m.tenantColumn(), RowFactory.literal(tenant, tenantType));
    }

    /** {@code fixed} asks for nothing but this tenant's own membership row (its tenant column, at most). */
    boolean onlyTheTenant(Table members, String tenant, Map<String, String> fixed) {
        dev.stagegate.verification.tenant.Membership m = model.membership();
        for (Map.Entry<String, String> e : fixed.entrySet()) {
            String type = members.columns().stream().filter(c -> c.name().equals(e.getKey())).findFirst().map(Column::type).orElse("text");
            boolean same = e.getKey().equals(m.tenantColumn()) ? e.getValue().equals(RowFactory.literal(tenant, type))
                    : e.getKey().equals(m.userColumn()) && e.getValue().equals(RowFactory.literal(m.userFor(tenant), m.userType()));
            if (!same) {
                return false;
            }
        }
        return true;
    }

    boolean isMember(Table members, String tenant) throws SQLException {
        dev.stagegate.verification.tenant.Membership m = model.membership();
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + RowFactory.qualified(members) + " WHERE " + Sql.quote(m.userColumn())
                + "::text = ? AND " + Sql.quote(m.tenantColumn()) + "::text = ?")) {
            ps.setString(1, m.userFor(tenant));
            ps.setString(2, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The users table a membership's user column references, or null. */
    String usersTable() {
        dev.stagegate.verification.tenant.Membership m = model.membership();
        if (m == null) {
            return null;
        }
        return snapshot.table(m.table()).flatMap(t -> snapshot.foreignKeysOf(t).stream()
                .filter(f -> f.columns().equals(List.of(m.userColumn()))).findFirst()).map(ForeignKey::qualifiedRefTable).orElse(null);
    }

    /** The tenant's synthetic member's row in the users table {@code fk} references, made once; returns its key. */
    String ensureUser(ForeignKey fk, String tenant) throws SQLException {
        String user = model.membership().userFor(tenant);
        if (parents.putIfAbsent("user|" + user, new SyntheticRow(fk.qualifiedRefTable(), "true", List.of(user))) != null) {
            return user;
        }
        Table userTable = snapshot.table(fk.qualifiedRefTable()).orElseThrow(() ->
                new SQLException("the users table " + fk.qualifiedRefTable() + " is not in the snapshot"));
        String keyColumn = fk.refColumns().get(0);
        String keyType = userTable.columns().stream().filter(c -> c.name().equals(keyColumn)).findFirst().map(Column::type).orElse("text");
        boolean exists;
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + RowFactory.qualified(userTable) + " WHERE "
                + Sql.quote(keyColumn) + "::text = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        if (!exists) {
            rows.insert(userTable, userTable.hasColumn(String.valueOf(model.column())) ? tenant : null, Map.of(keyColumn, RowFactory.literal(user, keyType)));
        }
        return user;
    }

    /** Removes every membership row of the tenant's member (a trigger may have made one), as the session user. */
    void removeMembership(String id) throws SQLException {
        if (model.membership() == null) {
            return;
        }
        var m = model.membership();
        Table memberTable = snapshot.table(m.table()).orElseThrow();
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + RowFactory.qualified(memberTable) + " WHERE "
                + Sql.quote(m.userColumn()) + "::text = ?")) {
            ps.setString(1, m.userFor(id));
            ps.executeUpdate();
        }
    }

    /** The member exists before the tenant does: a trigger on the tenant table may add its creator as a member. */
    void beforeTenant(String id) throws SQLException {
        if (model.membership() == null) {
            return;
        }
        Table memberTable = snapshot.table(model.membership().table()).orElseThrow(() ->
                new SQLException("the membership table " + model.membership().table() + " is not in the snapshot"));
        Optional<ForeignKey> users = snapshot.foreignKeysOf(memberTable).stream()
                .filter(f -> f.columns().equals(List.of(model.membership().userColumn()))).findFirst();
        if (users.isPresent()) {
            ensureUser(users.get(), id);
        }
    }

    /** The tenant's only member: one membership row (unless a trigger made it), and its session when the identity goes through one. */
    void afterTenant(String id) throws SQLException {
        if (model.membership() == null) {
            return;
        }
        Table memberTable = snapshot.table(model.membership().table()).orElseThrow();
        if (!isMember(memberTable, id)) {
            rows.insert(memberTable, id, Map.of());
        }
        dev.stagegate.verification.tenant.Membership via = model.membership().via();
        if (via != null) {
            // The member's session: the row the identity names, which says who the user is.
            Table sessions = snapshot.table(via.table()).orElseThrow(() -> new SQLException("the lookup table " + via.table()
                    + " is not in the snapshot"));
            String user = model.membership().userFor(id);
            String userType = sessions.columns().stream().filter(c -> c.name().equals(via.tenantColumn())).findFirst().map(Column::type).orElse("text");
            rows.insert(sessions, null, Map.of(via.userColumn(), RowFactory.literal(via.userFor(user), via.userType()),
                    via.tenantColumn(), RowFactory.literal(user, userType)));
        }
    }
}
