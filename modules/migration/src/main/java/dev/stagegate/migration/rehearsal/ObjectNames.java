package dev.stagegate.migration.rehearsal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every user object's name with its owner (and, for tables, views, triggers, policies and functions, a
 * hash of its definition: a table's columns and types, RLS flags and grants; indexes and constraints are compared by name, as deparsing hundreds of them per
 * migration cost more than the migrations), in one prepared query: what a
 * rehearsal compares before and after each migration to find what changed that the migration's text
 * does not name. A full snapshot per migration cost four times the migrations themselves on the
 * 250-migration benchmark; this costs one query.
 */
final class ObjectNames {

    /** @param owner the table an index, constraint, policy or trigger belongs to (null for others) */
    record Entry(String kind, String name, String owner, String definition) {
    }

    private static final String USER = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
            + "AND n.nspname NOT LIKE 'pg_temp%'";
    private static final String QUERY = "SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'i' THEN 'index' "
            + "WHEN 'I' THEN 'index' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'relation' END, "
            + "n.nspname || '.' || c.relname, coalesce((SELECT tn.nspname || '.' || t.relname FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
            + "JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE x.indexrelid = c.oid), (SELECT tn.nspname || '.' || t.relname "
            + "FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE c.relkind = 'S' "
            + "AND d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
            + "LIMIT 1)), "
            + "CASE WHEN c.relkind IN ('v', 'm') THEN md5(pg_get_viewdef(c.oid)) WHEN c.relkind IN ('r', 'p') THEN "
            + "md5(c.relrowsecurity::text || c.relforcerowsecurity::text || coalesce(c.relacl::text, '') || (SELECT coalesce(string_agg("
            + "a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || a.attnotnull::text || coalesce(a.attacl::text, ''), ',' "
            + "ORDER BY a.attnum), '') FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)) END "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'i', 'I', 'v', 'm', 'S') AND " + USER
            + " AND c.relname NOT IN ('databasechangelog', 'databasechangeloglock', 'databasechangeloglock_pkey', 'pk_databasechangeloglock') "
            + "UNION ALL SELECT CASE WHEN k.contype = 'f' THEN 'foreign key' ELSE 'constraint' END, n.nspname || '.' || t.relname || '.' || k.conname, "
            + "n.nspname || '.' || t.relname, NULL FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
            + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE " + USER
            + " UNION ALL SELECT 'policy', n.nspname || '.' || t.relname || '.' || p.polname, n.nspname || '.' || t.relname, "
            + "md5(coalesce(pg_get_expr(p.polqual, p.polrelid), '') || '|' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')) "
            + "FROM pg_policy p JOIN pg_class t ON t.oid = p.polrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE " + USER
            + " UNION ALL SELECT 'trigger', n.nspname || '.' || t.relname || '.' || g.tgname, n.nspname || '.' || t.relname, "
            + "md5(pg_get_triggerdef(g.oid)) FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            + "WHERE NOT g.tgisinternal AND " + USER
            + " UNION ALL SELECT 'function', n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL, "
            + "md5(p.prosrc) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')";

    private ObjectNames() {
    }

    static final String PREPARE = "PREPARE sg_object_names AS " + QUERY;
    static final String DEALLOCATE = "DEALLOCATE sg_object_names";

    /** Reads the names; {@link #PREPARE} must have run on this connection. */
    static Map<String, Entry> read(Connection c) throws SQLException {
        Map<String, Entry> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXECUTE sg_object_names")) {
            while (rs.next()) {
                Entry e = new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                out.put(e.kind() + " " + e.name(), e);
            }
        }
        return out;
    }

    /** What vanished or changed between the two reads (added objects are named by their statements, or automatic). */
    static List<Entry[]> lostOrChanged(Map<String, Entry> before, Map<String, Entry> after) {
        List<Entry[]> out = new ArrayList<>();
        before.forEach((key, was) -> {
            Entry now = after.get(key);
            if (now == null || !java.util.Objects.equals(now.definition(), was.definition())) {
                out.add(new Entry[]{was, now});
            }
        });
        return out;
    }
}
