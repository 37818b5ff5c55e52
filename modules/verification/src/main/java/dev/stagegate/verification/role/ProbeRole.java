package dev.stagegate.verification.role;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The role probes run as, created inside the probe's transaction (so it disappears with the
 * rollback) and proven before use: not superuser, no BYPASSRLS directly or through any role it
 * is a member of, owner of none of the probed tables. A probe that cannot prove this never runs.
 * Its own package, because the isolation probes and the smoke inserts both act as it.
 */
public final class ProbeRole {

    /** What the proof found; {@link #clean()} when the role cannot bypass RLS. */
    public record Proof(String role, boolean superuser, boolean bypassRls, boolean inheritsBypass, long ownedTables) {
        public boolean clean() {
            return !superuser && !bypassRls && !inheritsBypass && ownedTables == 0;
        }

        public String describe() {
            // no role name: it is made fresh for each run, and the gate's results must replay to the same text
            return "the probe role made for this run: superuser=" + superuser + ", bypassrls=" + bypassRls
                    + ", bypass through membership=" + inheritsBypass + ", owns probed tables=" + ownedTables;
        }
    }

    private ProbeRole() {
    }

    /** Creates the role with the privileges probes need on {@code tables} (qualified, quoted). */
    public static String create(Connection c, Collection<String> schemas, Collection<String> tables) throws SQLException {
        return create(c, schemas, tables, null);
    }

    /**
     * @param memberOf the application's role (quoted), granted to the probe role so it holds the
     *                 application's privileges (EXECUTE on the policies' helpers) and the policies
     *                 {@code TO} that role apply to it; null for none. The role then inherits, which
     *                 is what makes PostgreSQL apply those policies; the proof still runs.
     */
    public static String create(Connection c, Collection<String> schemas, Collection<String> tables, String memberOf) throws SQLException {
        String role = "sg_probe_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " NOLOGIN NOSUPERUSER NOBYPASSRLS " + (memberOf == null ? "NOINHERIT" : "INHERIT")
                    + " NOCREATEDB NOCREATEROLE");
            if (memberOf != null) {
                st.execute("GRANT " + memberOf + " TO " + role);
            }
            try (ResultSet rs = st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    // A CREATEROLE user is not automatically a member of the roles it creates (PG 15).
                    st.execute("GRANT " + role + " TO current_user");
                }
            }
            for (String schema : schemas) {
                st.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
                st.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
            }
            for (String table : tables) {
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + role);
            }
        }
        return role;
    }

    /** Proves, as seen from inside the role, that it cannot bypass RLS on the probed tables. */
    public static Proof prove(Connection c, String role, Collection<String> tableOids) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL ROLE " + role);
            String oids = tableOids.isEmpty() ? "0" : String.join(", ", tableOids);
            try (ResultSet rs = st.executeQuery("SELECT current_user, r.rolsuper, r.rolbypassrls, "
                    + "EXISTS (SELECT 1 FROM pg_roles x WHERE x.oid <> r.oid AND pg_has_role(current_user, x.oid, 'MEMBER') "
                    + "AND (x.rolsuper OR x.rolbypassrls)), "
                    + "(SELECT count(*) FROM pg_class t WHERE t.oid IN (" + oids + ") AND pg_has_role(current_user, t.relowner, 'USAGE') "
                    // an owner under FORCE ROW LEVEL SECURITY is bound by the policies like anyone
                    + "AND NOT t.relforcerowsecurity) "
                    + "FROM pg_roles r WHERE r.rolname = current_user")) {
                rs.next();
                return new Proof(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getLong(5));
            } finally {
                st.execute("RESET ROLE");
            }
        }
    }

    /** The oids of {@code tables} (schema, name pairs), for {@link #prove}. */
    public static List<String> oids(Connection c, Collection<dev.stagegate.core.snapshot.Table> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT (quote_ident(?) || '.' || quote_ident(?))::regclass::oid")) {
            for (dev.stagegate.core.snapshot.Table t : tables) {
                ps.setString(1, t.schema());
                ps.setString(2, t.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
