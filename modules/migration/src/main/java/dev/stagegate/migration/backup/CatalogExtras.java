package dev.stagegate.migration.backup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * What a restore must bring back beyond tables, keyed by names that are the same in any database
 * (so the source and its restored copy compare): sequence values, table privileges, comments, the
 * number of large objects, and each materialized view's state and rows. Keys start with {@code ~}.
 */
public final class CatalogExtras {

    private static final String SYSTEM = "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";

    private CatalogExtras() {
    }

    public static void readInto(Statement st, Map<String, String> out) throws SQLException {
        put(st, out, "SELECT 'sequence ' || schemaname || '.' || sequencename, coalesce(last_value::text, 'never used') "
                + "FROM pg_sequences WHERE schemaname " + SYSTEM);
        put(st, out, "SELECT 'privileges of ' || n.nspname || '.' || c.relname, coalesce(c.relacl::text, 'default') FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname " + SYSTEM);
        // user objects only (oids from 16384 up): comments are compared by the object's description, not its oid
        put(st, out, "SELECT 'comment on ' || pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description FROM pg_description d "
                + "WHERE d.objoid >= 16384 AND pg_describe_object(d.classoid, d.objoid, d.objsubid) IS NOT NULL");
        put(st, out, "SELECT 'large objects', count(*)::text FROM pg_largeobject_metadata");
        Map<String, String> matviews = new java.util.LinkedHashMap<>();
        plain(st, matviews, "SELECT quote_ident(schemaname) || '.' || quote_ident(matviewname), ispopulated::text FROM pg_matviews "
                + "WHERE schemaname " + SYSTEM);
        for (Map.Entry<String, String> mv : matviews.entrySet()) {
            String value = "populated=" + mv.getValue();
            if ("true".equals(mv.getValue())) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) || ':' || coalesce(sum(hashtextextended(x::text, 0)::numeric), 0) FROM "
                        + mv.getKey() + " x")) {
                    rs.next();
                    value += ", rows " + rs.getString(1);
                }
            }
            out.put("~materialized view " + mv.getKey(), value);
        }
    }

    private static void put(Statement st, Map<String, String> out, String sql) throws SQLException {
        Map<String, String> found = new java.util.LinkedHashMap<>();
        plain(st, found, sql);
        found.forEach((k, v) -> out.put("~" + k, v));
    }

    private static void plain(Statement st, Map<String, String> out, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
    }
}
