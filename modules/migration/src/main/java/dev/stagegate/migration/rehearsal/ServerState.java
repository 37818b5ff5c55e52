package dev.stagegate.migration.rehearsal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every database of a server shares, read before and after a rehearsal: roles and their
 * attributes, memberships, role settings, the databases with their privileges and comments, and
 * tablespaces. A statement built at run time can get past the text refusal; it cannot get past
 * this comparison unnoticed. The rehearsal's own copies are left out.
 */
public final class ServerState {

    private ServerState() {
    }

    public static Map<String, String> read(Connection c) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Statement st = c.createStatement()) {
            put(st, out, "SELECT 'role ' || rolname, concat_ws(',', rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, "
                    + "rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil) FROM pg_roles");
            put(st, out, "SELECT 'membership of ' || r.rolname || ' in ' || g.rolname, m.admin_option::text FROM pg_auth_members m "
                    + "JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid");
            put(st, out, "SELECT 'settings of ' || coalesce(d.datname, 'every database') || ' for ' || coalesce(r.rolname, 'every role'), "
                    + "array_to_string(s.setconfig, ',') FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid = s.setdatabase "
                    + "LEFT JOIN pg_roles r ON r.oid = s.setrole");
            put(st, out, "SELECT 'database ' || datname, coalesce(datacl::text, 'default') || ' ' || coalesce(shobj_description(oid, "
                    + "'pg_database'), '') || ' owner ' || pg_get_userbyid(datdba) FROM pg_database WHERE datname NOT LIKE 'sg\\_rehearsal\\_%' "
                    + "AND datname NOT LIKE 'sg\\_restore\\_%' AND datname NOT LIKE 'sg\\_kept\\_%'");
            put(st, out, "SELECT 'tablespace ' || spcname, coalesce(spcacl::text, 'default') FROM pg_tablespace");
        }
        return out;
    }

    /** One line per difference, for the report. */
    public static java.util.List<String> differences(Map<String, String> before, Map<String, String> after) {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(before.get(k), after.get(k))) {
                out.add(k + (before.containsKey(k) ? after.containsKey(k) ? " changed" : " removed" : " added"));
            }
        }
        return out;
    }

    private static void put(Statement st, Map<String, String> out, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), String.valueOf(rs.getString(2)));
            }
        }
    }
}
