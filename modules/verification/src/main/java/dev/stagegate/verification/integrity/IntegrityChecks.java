package dev.stagegate.verification.integrity;

import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.sql.Sql;
import dev.stagegate.verification.tenant.TenantModel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CE-25: no NULL tenant keys, no timestamps in the future, children in their parent's tenant
 * (the seed's "every alert points at a real analysis", generalised to every tenant-scoped foreign
 * key), and a test insertion into every tenant table, made and read back under RLS
 * ({@link SmokeInsert}) and rolled back.
 */
public final class IntegrityChecks {

    /**
     * Default event columns: they record when something happened, so can never be ahead of now.
     * Chosen by name, not by type alone: {@code expires_at} or {@code due_date} are in the future by design.
     */
    public static final Set<String> EVENT_COLUMNS = Set.of("created_at", "updated_at", "inserted_at", "modified_at",
            "changed_at", "recorded_at", "occurred_at");

    public record Result(List<Finding> findings, Map<String, Object> tally) {
    }

    private IntegrityChecks() {
    }

    public static Result run(Connection c, SchemaSnapshot s, TenantModel model) throws SQLException {
        return run(c, s, model, Map.of(), EVENT_COLUMNS);
    }

    public static Result run(Connection c, SchemaSnapshot s, TenantModel model, Map<String, String> rowTemplates) throws SQLException {
        return run(c, s, model, rowTemplates, EVENT_COLUMNS);
    }

    /** @param eventColumns column names checked for future timestamps (see {@link FutureTimestamps}) */
    public static Result run(Connection c, SchemaSnapshot s, TenantModel model, Map<String, String> rowTemplates, Set<String> eventColumns)
            throws SQLException {
        return run(c, s, model, rowTemplates, eventColumns, null);
    }

    /** @param applicationRole the application's role: the smoke inserts run as a member of it (null: unknown) */
    public static Result run(Connection c, SchemaSnapshot s, TenantModel model, Map<String, String> rowTemplates, Set<String> eventColumns,
                             String applicationRole) throws SQLException {
        List<Finding> out = new ArrayList<>();
        Map<String, Object> tally = new LinkedHashMap<>();
        List<Table> tenantTables = model.policedTablesIn(s).stream().filter(t -> !model.isTenantTable(t)).toList();
        try {
            scans(c, s, model, eventColumns, tenantTables, out, tally);
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState()) && !String.valueOf(e.getMessage()).contains("row-level security")) {
                throw e;
            }
            // row_security = off is refused to a role that RLS applies to: a filtered count would be a false zero
            out.add(Finding.of(VerificationCode.INTEGRITY_SCAN_BLOCKED, Severity.ERROR, "integrity scans", "row-level security would hide "
                    + "rows from the NULL-key, future-timestamp and linkage scans (" + Sql.firstLine(e) + "), so they were NOT run; "
                    + "verify as a superuser or a BYPASSRLS role"));
            tally.put("null_tenant_keys", "not scanned");
            tally.put("future_timestamps", "not scanned");
            tally.put("cross_tenant_links", "not scanned");
        }
        Count smoke = SmokeInsert.run(c, s, model, tenantTables, rowTemplates, applicationRole, out);
        // 0/0 reads like a pass next to nothing: say that no test row was written
        tally.put("smoke_inserts", smoke.total() == 0 ? "not tested (no table the application may insert into)" : smoke);
        return new Result(out, tally);
    }

    /** A read policy on the table says {@code column IS NULL}: rows without a tenant are meant to be shared. */
    private static boolean globalByDesign(SchemaSnapshot s, String table, String column) {
        java.util.regex.Pattern isNull = java.util.regex.Pattern.compile("(?i)\\b\"?" + java.util.regex.Pattern.quote(column) + "\"?\\)?\\s+is\\s+null\\b");
        return s.policies().stream().filter(p -> p.qualifiedTable().equals(table))
                .anyMatch(p -> p.using() != null && isNull.matcher(p.using()).find());
    }

    private static void scans(Connection c, SchemaSnapshot s, TenantModel model, Set<String> eventColumns, List<Table> tenantTables,
                              List<Finding> out, Map<String, Object> tally) throws SQLException {
        Sql.rolledBack(c, true, conn -> {
            long nulls = sumByTable(conn, tenantTables.stream().filter(t -> t.hasColumn(model.column())).map(t -> new String[]{t.qualified(),
                    "SELECT count(*) FROM " + Sql.table(t.schema(), t.name()) + " WHERE " + Sql.quote(model.column()) + " IS NULL"}).toList(),
                    (table, n) -> out.add(globalByDesign(s, table, model.column())
                            ? Finding.of(VerificationCode.NULL_TENANT_KEY, Severity.WARNING, table, n + " row(s) have no " + model.column()
                            + ": a read policy lets rows with no " + model.column() + " through (shared rows by design?), so every tenant reads them")
                            : Finding.of(VerificationCode.NULL_TENANT_KEY, Severity.CRITICAL, table, n + " row(s) have no "
                            + model.column() + ": no policy can place them in a tenant")));
            tally.put("null_tenant_keys", nulls);
            long ahead = sumByTable(conn, FutureTimestamps.queries(dev.stagegate.verification.tenant.ScopedSnapshot.of(s, model.scope()), eventColumns), (column, n) -> out.add(Finding.of(
                    VerificationCode.FUTURE_TIMESTAMP, Severity.ERROR, column, n + " row(s) are dated in the future in every time zone ("
                            + FutureTimestamps.RULE + ")")));
            tally.put("future_timestamps", ahead);
            long crossTenant = linkage(conn, s, model, out);
            tally.put("cross_tenant_links", crossTenant);
            return null;
        });
    }

    /** Every FK between two tenant tables must stay inside one tenant: the child's tenant is its parent's. */
    private static long linkage(Connection c, SchemaSnapshot s, TenantModel model, List<Finding> out) throws SQLException {
        List<String[]> queries = new ArrayList<>();
        if (!model.present()) {
            return 0;
        }
        for (ForeignKey fk : s.foreignKeys().stream().filter(f -> model.scope().includes(f.schema())).toList()) {
            Table child = s.table(fk.qualifiedTable()).orElse(null);
            Table parent = s.table(fk.qualifiedRefTable()).orElse(null);
            if (child == null || parent == null || fk.columns().contains(model.column()) || !child.hasColumn(model.column())
                    || !parent.hasColumn(model.column())) {
                continue;
            }
            List<String> join = new ArrayList<>();
            for (int i = 0; i < fk.columns().size(); i++) {
                join.add("p." + Sql.quote(fk.refColumns().get(i)) + " = c." + Sql.quote(fk.columns().get(i)));
            }
            queries.add(new String[]{fk.qualifiedTable() + "." + fk.name(), "SELECT count(*) FROM " + Sql.table(fk.schema(), fk.table())
                    + " c JOIN " + Sql.table(fk.refSchema(), fk.refTable()) + " p ON " + String.join(" AND ", join)
                    + " WHERE p." + Sql.quote(model.column()) + " IS DISTINCT FROM c." + Sql.quote(model.column())});
        }
        return sumByTable(c, queries, (key, n) -> out.add(Finding.of(VerificationCode.TENANT_LINKAGE_BROKEN, Severity.CRITICAL, key, n
                + " row(s) point at a parent of another tenant: their " + model.column() + " differs from the parent's")));
    }

    /** Runs every count in one statement (UNION ALL), so the round trips stay fixed. */
    private static long sumByTable(Connection c, List<String[]> queries, java.util.function.BiConsumer<String, Long> onNonZero)
            throws SQLException {
        if (queries.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < queries.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(", (").append(queries.get(i)[1]).append(")");
        }
        long total = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                long n = rs.getLong(2);
                total += n;
                if (n > 0) {
                    onNonZero.accept(queries.get(rs.getInt(1))[0], n);
                }
            }
        }
        return total;
    }
}
