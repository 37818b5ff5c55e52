package dev.stagegate.migration.rehearsal;

import static dev.stagegate.core.sql.Identifiers.quote;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The roles a dump names (owners, grantees) made on the embedded mirror before it is restored
 * there, as NOLOGIN roles with no attribute and no password: ownership and grants restore as they
 * were, and nothing secret leaves the target. Memberships are copied too, so a migration's
 * {@code GRANT ... TO authenticated} finds the role. Roles that exist already are left alone.
 */
final class MirrorRoles {

    private MirrorRoles() {
    }

    static void copy(Target from, Target mirror) {
        List<String> roles = new ArrayList<>();
        List<String[]> memberships = new ArrayList<>();
        try (Connection c = Connector.open(from); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY 1")) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT r.rolname, m.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid "
                    + "JOIN pg_roles m ON m.oid = a.member WHERE r.rolname !~ '^pg_' AND m.rolname !~ '^pg_'")) {
                while (rs.next()) {
                    memberships.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "the target's roles could not be read for the mirror: " + e.getMessage());
        }
        try (Connection c = Connector.open(mirror.withDatabase("postgres")); Statement st = c.createStatement();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            for (String role : roles) {
                exists.setString(1, role);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        st.execute("CREATE ROLE " + quote(role) + " NOLOGIN");
                    }
                }
            }
            for (String[] m : memberships) {
                st.execute("GRANT " + quote(m[0]) + " TO " + quote(m[1]));
            }
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "the roles could not be made on the embedded mirror: " + e.getMessage()
                    .lines().findFirst().orElse(""));
        }
    }

}
