package dev.stagegate.verification.role;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * What the role the application connects as may do, table by table, read in one query: which
 * tables it owns (then, without FORCE, no policy applies to it) and which it holds privileges on.
 * Lets coverage say whether a missing FORCE or a deny-all table matters to the application.
 *
 * @param name    the role, or null when unknown
 * @param owns    qualified tables whose owner's rights it has
 * @param granted qualified tables it holds SELECT, INSERT, UPDATE or DELETE on
 */
public record ApplicationRole(String name, Set<String> owns, Set<String> granted, Set<String> alsoProbed) {

    public static final ApplicationRole UNKNOWN = new ApplicationRole(null, Set.of(), Set.of(), Set.of());

    public ApplicationRole {
        owns = Set.copyOf(owns);
        granted = Set.copyOf(granted);
        alsoProbed = Set.copyOf(alsoProbed);
    }

    public ApplicationRole(String name, Set<String> owns, Set<String> granted) {
        this(name, owns, granted, Set.of());
    }

    /**
     * Another role the API serves requests as (PostgREST's anon), probed too: what it may read counts
     * as reachable by the application, and policies TO it are tested.
     */
    public ApplicationRole with(ApplicationRole other) {
        Set<String> g = new HashSet<>(granted);
        g.addAll(other.granted());
        Set<String> also = new HashSet<>(alsoProbed);
        also.add(other.name());
        return new ApplicationRole(name, owns, g, also);
    }

    /** The roles the probes run as (besides the probe role itself). */
    public Set<String> probed() {
        Set<String> all = new HashSet<>(alsoProbed);
        if (name != null) {
            all.add(name);
        }
        return all;
    }

    public boolean known() {
        return name != null;
    }

    public static ApplicationRole read(Connection c, String role) throws SQLException {
        if (role == null) {
            return UNKNOWN;
        }
        Set<String> owns = new HashSet<>();
        Set<String> granted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname || '.' || c.relname, pg_has_role(r.oid, c.relowner, 'USAGE'), "
                + "has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE') AND has_schema_privilege(r.oid, n.oid, 'USAGE') FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles r ON r.rolname = ? "
                + "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        owns.add(rs.getString(1));
                    }
                    if (rs.getBoolean(3)) {
                        granted.add(rs.getString(1));
                    }
                }
            }
        }
        return new ApplicationRole(role, owns, granted);
    }
}
