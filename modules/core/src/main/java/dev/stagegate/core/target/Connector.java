package dev.stagegate.core.target;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.embedded.EmbeddedStartException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens connections to a {@link Target} and turns every way that can fail into one
 * {@link StagegateException} line that names the problem and the fix, without the password.
 */
public final class Connector {

    /** Oldest server major version stagegate supports (the seeds: "PostgreSQL 12+"). */
    public static final int MIN_MAJOR = 12;

    /**
     * pgjdbc reads {@code ~/.pgpass} and {@code PGPASSFILE} on its own when no password is given, without
     * libpq's mode check, so a world-readable file was used while stagegate said it was ignored. Point
     * its own lookup at a file that cannot exist: stagegate's {@link Pgpass} is the only reader.
     */
    static final String NO_PGPASS_FOR_THE_DRIVER = "/nonexistent/stagegate-reads-the-password-file-itself";

    static {
        System.setProperty("org.postgresql.pgpassfile", NO_PGPASS_FOR_THE_DRIVER);
    }

    private Connector() {
    }

    /**
     * For {@link Target.Kind#EMBEDDED}: starts the JVM's embedded server (once), creates the
     * target's database if needed, and returns a JDBC target pointing at it.
     */
    public static Target materialize(Target target) {
        return materialize(target, false);
    }

    /**
     * Like {@link #materialize(Target)}; with {@code fresh}, the embedded target gets a new empty
     * database (the target's name, or that name with a suffix when it is taken).
     */
    public static Target materialize(Target target, boolean fresh) {
        if (target.kind() != Target.Kind.EMBEDDED) {
            return target;
        }
        try {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
            String database = target.database();
            if (fresh) {
                database = server.createFreshDatabase(database);
            } else {
                server.createDatabase(database, null);
            }
            return Target.builder("embedded").host(server.host()).port(server.port()).database(database)
                    .user(EmbeddedPostgresServer.SUPERUSER).build();
        } catch (EmbeddedStartException e) {
            throw new StagegateException(ErrorCode.EMBEDDED_START_FAILED, e.getMessage(), e);
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.EMBEDDED_START_FAILED, "the embedded PostgreSQL started but "
                    + "database " + target.database() + " could not be created: " + e.getMessage(), e);
        }
    }

    /** Opens a connection, or throws one clear line. The target must be materialized. */
    public static Connection open(Target target) {
        Target live = materialize(target);
        try {
            return DriverManager.getConnection(live.jdbcUrl(), live.connectionProperties());
        } catch (SQLException e) {
            throw classify(e, live);
        }
    }

    /** Opens, checks the server is PostgreSQL {@value #MIN_MAJOR}+, and reports what it is. */
    public static ServerInfo probe(Connection connection, Target target) {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, version(), "
                     + "current_database(), current_user, r.rolsuper, r.rolbypassrls "
                     + "FROM pg_roles r WHERE r.rolname = current_user")) {
            rs.next();
            ServerInfo info = new ServerInfo(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getBoolean(5), rs.getBoolean(6));
            requireSupportedVersion(info.versionNum(), target);
            return info;
        } catch (SQLException e) {
            throw classify(e, target);
        }
    }

    /**
     * The version rule of {@link #probe}, fed {@code server_version_num}: throws
     * {@link ErrorCode#SERVER_TOO_OLD} below {@value #MIN_MAJOR}.0 (a function, so the rule is tested
     * without an old server).
     */
    static void requireSupportedVersion(int serverVersionNum, Target target) {
        int major = serverVersionNum / 10000;
        if (major < MIN_MAJOR) {
            throw new StagegateException(ErrorCode.SERVER_TOO_OLD, "server " + where(target) + " runs PostgreSQL "
                    + major + "; stagegate needs " + MIN_MAJOR + " or newer");
        }
    }

    /** Maps a driver failure to the error users can act on. */
    public static StagegateException classify(SQLException e, Target target) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Throwable cause = rootCause(e);
        String where = where(target);
        if (cause instanceof UnknownHostException) {
            return new StagegateException(ErrorCode.HOST_UNKNOWN, "cannot resolve host '" + target.host()
                    + "'; check the host name in the URL, profile or PGHOST", e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return new StagegateException(ErrorCode.CONNECTION_REFUSED, "nothing accepts connections at " + where
                    + "; check that PostgreSQL runs there and that the port is right", e);
        }
        // pgjdbc's loginTimeout ends the attempt with a bare 08001 (no socket exception under it)
        boolean loginTimedOut = "08001".equals(state) && cause == e;
        if (cause instanceof SocketTimeoutException || loginTimedOut) {
            // Which of the two limits ran out is not said by the driver: name both rather than guess one.
            return new StagegateException(ErrorCode.CONNECTION_TIMEOUT, "no PostgreSQL answer from " + where + " (connect timeout "
                    + target.connectionProperties().getProperty("connectTimeout") + " s, login timeout "
                    + target.connectionProperties().getProperty("loginTimeout") + " s); check the host, the port (something "
                    + "there may not be PostgreSQL) and the firewall", e);
        }
        if ("08004".equals(state) && !target.hasPassword()) {
            // The server asked for a password (SCRAM/md5) and the target had none: an auth problem, not a broken link.
            return new StagegateException(ErrorCode.AUTH_FAILED, "the server at " + where + " asks user '" + target.user()
                    + "' for a password and none was given; set PGPASSWORD, a ~/.pgpass line (mode 0600) or the profile's passwordEnv", e);
        }
        switch (state) {
            case "28P01":
                return new StagegateException(ErrorCode.AUTH_FAILED, "password authentication failed for user '"
                        + target.user() + "' at " + where + " (password " + (target.hasPassword()
                        ? "from " + target.passwordSource() : "not given")
                        + "); fix PGPASSWORD, ~/.pgpass or the profile's passwordEnv", e);
            case "28000":
                return new StagegateException(ErrorCode.AUTH_REJECTED, "the server at " + where + " rejected user '"
                        + target.user() + "': " + serverSays(e, target) + "; check the role exists and pg_hba.conf allows it", e);
            case "3D000":
                return new StagegateException(ErrorCode.DATABASE_MISSING, "database '" + target.database()
                        + "' does not exist at " + target.host() + ":" + target.port()
                        + "; create it or fix the database name", e);
            case "08P01", "08006", "08004", "08001":
                if (looksLikeProtocolError(e)) {
                    return new StagegateException(ErrorCode.NOT_POSTGRES, "the server at " + where
                            + " does not speak the PostgreSQL protocol; check the port (PostgreSQL usually listens on 5432)", e);
                }
                break;
            default:
                break;
        }
        return new StagegateException(ErrorCode.CONNECTION_FAILED, "cannot connect to " + where + ": "
                + serverSays(e, target), e);
    }

    private static boolean looksLikeProtocolError(SQLException e) {
        String msg = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        Throwable cause = rootCause(e);
        return "08P01".equals(e.getSQLState()) || cause instanceof java.io.EOFException
                || msg.contains("protocol") || msg.contains("ssl") || msg.contains("unexpected")
                || msg.contains("end of file") || msg.contains("authentication type");
    }

    private static String where(Target target) {
        return target.host() + ":" + target.port() + (target.database() == null ? "" : "/" + target.database());
    }

    private static String serverSays(SQLException e, Target target) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        // the driver quotes the URL it could not parse to the end of its line, misspelt parameters and all
        msg = msg.replaceAll("(?i)jdbc:postgresql:.*", "the URL");
        return Secrets.mask(msg, target.secrets());
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
