package dev.stagegate.verification.data;

import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.Constraint;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.tenant.TenantModel;
import dev.stagegate.verification.sql.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates rows for probes and smoke tests in any schema: NOT NULL columns get a value of their
 * type (taken from a CHECK constraint's list when there is one), foreign keys point at a parent
 * row of the same tenant (created the same way when none exists), the tenant column carries the
 * tenant asked for. Inserts run with the tenant setting set to that tenant, so FORCE'd policies
 * accept them. Callers run it inside a transaction they roll back.
 */
public final class RowFactory {


    private final Connection connection;
    private final SchemaSnapshot snapshot;
    private final TenantModel model;
    private final Map<String, String> templates;
    private final Map<String, SyntheticRow> parents = new HashMap<>();
    private final java.util.Set<String> building = new java.util.HashSet<>();
    private final CheckCandidates checks;
    private final MemberRows members;
    private final ColumnValues columnValues;
    private final Refusals refusals;

    public RowFactory(Connection connection, SchemaSnapshot snapshot, TenantModel model) {
        this(connection, snapshot, model, Map.of());
    }

    /**
     * @param templates SQL expressions for columns the factory cannot guess (a trigger decides what
     *                  is valid), keyed {@code table.column}; {@code ${other}} stands for the value
     *                  chosen for another column of the same row, e.g.
     *                  {@code scopes.scope_id -> ${domain} || '.probe-' || gen_random_uuid()}
     */
    public RowFactory(Connection connection, SchemaSnapshot snapshot, TenantModel model, Map<String, String> templates) {
        this.connection = connection;
        this.snapshot = snapshot;
        this.model = model;
        this.templates = Map.copyOf(templates);
        this.members = new MemberRows(this, connection, snapshot, model, parents);
        this.columnValues = new ColumnValues(connection, snapshot);
        this.refusals = new Refusals(connection, snapshot);
        this.checks = new CheckCandidates(columnValues::baseOf, refusals::existingValue);
    }

    /** Forgets the parent rows it created, after the caller rolled them back. */
    public void forgetParents() {
        parents.clear();
    }

    /** A new tenant id of the tenant column's type, inserted into the tenant table when there is one. */
    public String newTenant() throws SQLException {
        return newTenant(true);
    }

    /**
     * @param member false for a tenant that must own nothing the probe can reach: no member, no
     *               session, and its tenant row made with no identity set (so no trigger adds one)
     */
    public String newTenant(boolean member) throws SQLException {
        String type = tenantType();
        String id = newTenantId();
        if (!member) {
            // its member exists (a default such as auth.uid() may need it) but is a member of nothing once the row is made
            members.beforeTenant(id);
            if (model.tenantTable() != null) {
                insert(snapshot.table(model.tenantTable()).orElseThrow(), id, Map.of(model.tenantKey(), literal(id, type)));
            }
            members.removeMembership(id);
            return id;
        }
        members.beforeTenant(id);
        if (model.tenantTable() != null) {
            Table tenants = snapshot.table(model.tenantTable()).orElseThrow();
            insert(tenants, id, Map.of(model.tenantKey(), literal(id, type)));
        }
        members.afterTenant(id);
        return id;
    }

    /**
     * Another row of the tenant table with {@code fixed} values (the child of an ON DELETE rehearsal):
     * a tenant of its own, whose member exists first (a trigger may add the creator as a member).
     */
    public SyntheticRow insertTenantRow(Map<String, String> fixed) throws SQLException {
        String id = newTenantId();
        members.beforeTenant(id);
        Map<String, String> all = new HashMap<>(fixed);
        all.putIfAbsent(model.tenantKey(), literal(id, tenantType()));
        return insert(snapshot.table(model.tenantTable()).orElseThrow(), id, all);
    }

    /** A fresh tenant id of the tenant column's type, inserted nowhere. */
    public String newTenantId() {
        return switch (baseType(tenantType())) {
            case "uuid" -> java.util.UUID.randomUUID().toString();
            case "integer", "bigint", "smallint", "numeric" -> Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L));
            default -> "sg-probe-tenant-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        };
    }

    /** Inserts a row of {@code table} for {@code tenant}; returns how to find it again. */
    public SyntheticRow insert(Table table, String tenant) throws SQLException {
        return insert(table, tenant, Map.of());
    }

    /** The SQL of an INSERT of {@code table} for {@code tenant}, parents created as needed (for probing as another role). */
    public String insertSql(Table table, String tenant) throws SQLException {
        dev.stagegate.verification.tenant.Membership m = model.membership();
        if (m != null && tenant != null && table.qualified().equals(m.table())) {
            // The tenant's own member is in already: a membership row for the tenant needs another user.
            Optional<ForeignKey> users = snapshot.foreignKeysOf(table).stream().filter(f -> f.columns().equals(List.of(m.userColumn()))).findFirst();
            String user = users.isPresent() ? members.ensureUser(users.get(), tenant + "#another-member") : m.userFor(tenant + "#another-member");
            return solvedInsert(table, tenant, Map.of(m.userColumn(), literal(user, m.userType())));
        }
        return solvedInsert(table, tenant, Map.of());
    }

    /**
     * The INSERT, its CHECKs satisfied: tried as the session user in a savepoint that is always
     * rolled back, next candidate on each CHECK refusal (see {@link CheckCandidates}).
     */
    private String solvedInsert(Table table, String tenant, Map<String, String> fixed) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            String sql = buildInsert(table, tenant, fixed);
            setTenant(tenant);
            java.sql.Savepoint sp = connection.setSavepoint();
            try (java.sql.Statement st = connection.createStatement()) {
                st.execute(sql);
                connection.rollback(sp);
                return sql;
            } catch (SQLException e) {
                // undone first: reading what was refused (a domain's CHECK) needs a transaction that still works
                connection.rollback(sp);
                if (nextCandidate(table, e, attempt) == null) {
                    // Not a CHECK (or nothing left to try): the caller's own attempt reports what happens.
                    return sql;
                }
            }
        }
    }

    /**
     * After a refused row (the savepoint already undone): the constraint whose next candidate is now
     * in place, or null when the error is not one a candidate can fix or none is left.
     */
    private Constraint nextCandidate(Table table, SQLException e, int attempt) {
        Constraint refused = refusedOrTrying(table, e);
        return refused != null && attempt < 2 * CheckCandidates.LIMIT && checks.next(table, refused) ? refused : null;
    }

    /** The CHECK refused, or (invalid input, or a copied value a UNIQUE index holds) the one being solved. */
    private Constraint refusedOrTrying(Table table, SQLException e) {
        Constraint refused = refusals.refusedCheck(table, e);
        if (refused == null && e.getSQLState() != null && (e.getSQLState().startsWith("22") || "23505".equals(e.getSQLState()))) {
            refused = checks.trying(table);
        }
        return refused;
    }

    /** The SQL of an INSERT of {@code table} for {@code tenant}, with {@code fixed} SQL values for some columns (by name). */
    public String insertSql(Table table, String tenant, Map<String, String> fixed) throws SQLException {
        return solvedInsert(table, tenant, fixed);
    }

    /** Inserts a row of {@code table} for {@code tenant}, with {@code fixed} SQL values for some columns (by name). */
    public SyntheticRow insert(Table table, String tenant, Map<String, String> fixed) throws SQLException {
        dev.stagegate.verification.tenant.Membership m = model.membership();
        if (m != null && tenant != null && !tenant.isEmpty() && table.qualified().equals(m.table()) && members.onlyTheTenant(table, tenant, fixed)
                && members.isMember(table, tenant)) {
            // The tenant's membership row exists already (made with the tenant, or by a trigger): that is its row here.
            return new SyntheticRow(table.qualified(), Sql.quote(m.userColumn()) + "::text = " + Sql.literal(m.userFor(tenant)) + " AND "
                    + Sql.quote(m.tenantColumn()) + "::text = " + Sql.literal(tenant), List.of(m.userFor(tenant), tenant));
        }
        List<String> keyColumns = table.primaryKey().isEmpty() ? List.of("ctid") : table.primaryKey();
        String returning = String.join(", ", keyColumns.stream().map(c -> Sql.quote(c) + "::text").toList());
        for (int attempt = 0; ; attempt++) {
            String sql = buildInsert(table, tenant, fixed);
            setTenant(tenant);
            java.sql.Savepoint sp = connection.setSavepoint();
            try (PreparedStatement ps = connection.prepareStatement(sql + " RETURNING " + returning); ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<String> values = new ArrayList<>();
                List<String> predicates = new ArrayList<>();
                for (int i = 0; i < keyColumns.size(); i++) {
                    values.add(rs.getString(i + 1));
                    predicates.add(Sql.quote(keyColumns.get(i)) + "::text = " + Sql.literal(rs.getString(i + 1)));
                }
                connection.releaseSavepoint(sp);
                return new SyntheticRow(table.qualified(), String.join(" AND ", predicates), values);
            } catch (SQLException e) {
                connection.rollback(sp);
                Constraint refused = refusedOrTrying(table, e);
                if (nextCandidate(table, e, attempt) == null) {
                    if (refused != null) {
                        throw new SQLException("no value found that satisfies CHECK " + refused.name() + " on " + table.qualified() + " ("
                                + refused.definition() + "); give one with --row-template " + table.name() + ".<column>=<SQL>", "23514", e);
                    }
                    throw e;
                }
            }
        }
    }

    /** The row template for a column, keyed {@code table.column} or {@code schema.table.column}. */
    private String template(Table table, Column c) {
        String q = templates.get(table.qualified() + "." + c.name());
        return q != null ? q : templates.get(table.name() + "." + c.name());
    }

    private String buildInsert(Table table, String tenant, Map<String, String> given) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        String tenantColumn = model.columnOf(table.qualified());
        Map<String, String> fixed = new HashMap<>(given);
        members.memberOf(table, tenant, fixed);
        if (!model.isTenantTable(table)) {
            compositeParents(table, tenant, fixed);
        }
        Map<String, String> chosen = new HashMap<>();
        List<Column> templated = new ArrayList<>();
        for (Column c : table.columns()) {
            if (template(table, c) != null && !fixed.containsKey(c.name())) {
                templated.add(c);
                continue;
            }
            String value = fixed.containsKey(c.name()) ? fixed.get(c.name()) : checks.solvedFor(table).get(c.name());
            if (value == null && c.name().equals(tenantColumn) && tenant != null) {
                value = literal(tenant, c.type());
            }
            if (value == null && !model.isTenantTable(table)) {
                Optional<ForeignKey> fk = snapshot.foreignKeysOf(table).stream()
                        .filter(f -> f.columns().size() == 1 && f.columns().get(0).equals(c.name())).findFirst();
                if (fk.isPresent() && tenant != null && !tenant.isEmpty() && fk.get().qualifiedRefTable().equals(members.usersTable())
                        && !table.qualified().equals(model.membership().table())) {
                    // A per-user row (notes.user_id -> auth.users) of this tenant belongs to the tenant's member.
                    value = literal(members.ensureUser(fk.get(), tenant), c.type());
                } else if (fk.isPresent() && (!c.nullable() || c.name().equals(tenantColumn))) {
                    value = parentKey(fk.get(), tenant, c.type());
                }
            }
            if (value == null && (c.nullable() || c.defaultExpression() != null || c.identity() != null || c.generated() != null)) {
                continue;
            }
            if (value == null) {
                value = columnValues.valueFor(table, c);
            }
            columns.add(Sql.quote(c.name()));
            values.add(value);
            chosen.put(c.name(), value);
        }
        for (Column c : templated) {
            String expression = template(table, c);
            for (Map.Entry<String, String> e : chosen.entrySet()) {
                expression = expression.replace("${" + e.getKey() + "}", "(" + e.getValue() + ")");
            }
            columns.add(Sql.quote(c.name()));
            values.add("(" + expression + ")::" + c.type());
        }
        return "INSERT INTO " + qualified(table) + (columns.isEmpty() ? " DEFAULT VALUES"
                : " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ", values) + ")");
    }

    /**
     * Multi-column foreign keys ({@code (organization_id, domain) -> domains}): one parent row of the
     * same tenant gives every column its value, as literals read back from that row.
     */
    private void compositeParents(Table table, String tenant, Map<String, String> fixed) throws SQLException {
        for (ForeignKey fk : snapshot.foreignKeysOf(table)) {
            // Some columns given (the tenant, by the caller): the parent of that tenant gives the rest.
            if (fk.columns().size() < 2 || fk.columns().stream().allMatch(fixed::containsKey)) {
                continue;
            }
            boolean required = fk.columns().stream().anyMatch(col -> table.columns().stream()
                    .anyMatch(c -> c.name().equals(col) && !c.nullable()));
            if (!required) {
                continue;
            }
            SyntheticRow parent = parentRow(fk, tenant);
            String select = String.join(", ", fk.refColumns().stream().map(c -> Sql.quote(c) + "::text").toList());
            setTenant(tenant);
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + select + " FROM "
                    + Sql.table(fk.refSchema(), fk.refTable()) + " WHERE " + parent.where()); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the parent row of " + fk.name() + " cannot be read back");
                }
                for (int i = 0; i < fk.columns().size(); i++) {
                    String col = fk.columns().get(i);
                    String type = table.columns().stream().filter(c -> c.name().equals(col)).findFirst().map(Column::type).orElse("text");
                    fixed.putIfAbsent(col, literal(rs.getString(i + 1), type));
                }
            }
        }
    }

    private SyntheticRow parentRow(ForeignKey fk, String tenant) throws SQLException {
        String memo = fk.qualifiedRefTable() + "|" + tenant;
        SyntheticRow parent = parents.get(memo);
        if (parent == null) {
            Table parentTable = snapshot.table(fk.qualifiedRefTable()).orElseThrow(() ->
                    new SQLException("parent table " + fk.qualifiedRefTable() + " is not in the snapshot"));
            // A NOT NULL key back to a table already being built (itself, or a cycle) has no first row.
            if (!building.add(memo)) {
                throw new SQLException("cannot make a " + fk.refTable() + " row: its required key " + fk.name()
                        + " needs a parent row of a table being built");
            }
            try {
                parent = insert(parentTable, parentTable.hasColumn(model.column()) ? tenant : null, Map.of());
            } finally {
                building.remove(memo);
            }
            parents.put(memo, parent);
        }
        return parent;
    }

    /** A parent row of the same tenant: an existing one if any, else a new one. */
    private String parentKey(ForeignKey fk, String tenant, String type) throws SQLException {
        if (model.isTenantTable(fk.qualifiedRefTable())) {
            return literal(tenant, type);
        }
        SyntheticRow parent = parentRow(fk, tenant);
        String refColumn = fk.refColumns().get(0);
        Table parentTable = snapshot.table(fk.qualifiedRefTable()).orElseThrow();
        if (parentTable.primaryKey().equals(fk.refColumns())) {
            // A literal, not a subquery: a probe running as another role and tenant must not have
            // its INSERT fail because RLS hides the parent row from the subquery.
            return literal(parent.keyValues().get(0), type);
        }
        return "(SELECT " + Sql.quote(refColumn) + " FROM " + Sql.table(fk.refSchema(), fk.refTable()) + " WHERE " + parent.where() + ")";
    }

    private void setTenant(String tenant) throws SQLException {
        if (!model.present()) {
            return;
        }
        model.enter(connection, tenant == null ? "" : tenant, null);
    }

    private String tenantType() {
        if (model.tenantTable() != null) {
            return snapshot.table(model.tenantTable()).flatMap(t -> t.columns().stream()
                    .filter(c -> c.name().equals(model.tenantKey())).findFirst()).map(Column::type).orElse("text");
        }
        return snapshot.tables().stream().flatMap(t -> t.columns().stream()).filter(c -> c.name().equals(model.column()))
                .findFirst().map(Column::type).orElse("text");
    }

    /** The type without its modifiers: {@code timestamp(3) with time zone} is {@code timestamp with time zone}. */
    static String baseType(String type) {
        return type.replaceAll("\\(\\s*\\d+(\\s*,\\s*\\d+)?\\s*\\)", "").replaceAll("\\s+", " ").trim();
    }

    public static String literal(String value, String type) {
        return Sql.literal(value) + "::" + type;
    }

    static String qualified(Table t) {
        return Sql.table(t.schema(), t.name());
    }
}
