package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.example.Example;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.core.target.Target;
import dev.stagegate.embedded.EmbeddedPostgresServer;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An open connection for one command: the resolved target, the live connection and what the
 * server said about itself. With an example and no target given, the target is the embedded
 * server's database named after the example.
 */
record Session(Target target, Target live, Connection connection, ServerInfo info) implements AutoCloseable {

    static Session open(TargetOptions options, Example example, PrintWriter err) {
        Target resolved = options.resolve(example != null);
        if (resolved.kind() == Target.Kind.EMBEDDED && example != null && "stagegate".equals(resolved.database())) {
            resolved = Target.embedded(example.name());
        }
        resolved.notes().forEach(n -> err.println("warning: " + n));
        Target live = Connector.materialize(resolved);
        return probed(resolved, live);
    }

    /** Opens and probes; a probe that refuses the server (too old, not PostgreSQL) closes the connection first. */
    private static Session probed(Target target, Target live) {
        Connection connection = Connector.open(live);
        try {
            return new Session(target, live, connection, Connector.probe(connection, live));
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to release
        }
    }

    boolean embedded() {
        return target.kind() == Target.Kind.EMBEDDED;
    }

    /**
     * Gives an example an empty database: on the embedded server (stagegate's own) the example's
     * database is dropped and created again; anywhere else it must already be empty.
     */
    static Session openEmpty(TargetOptions options, Example example, PrintWriter err) throws SQLException {
        Target resolved = options.resolve(true);
        if (resolved.kind() == Target.Kind.EMBEDDED) {
            Target target = Target.embedded(example.name());
            Connector.materialize(target);
            EmbeddedPostgresServer.shared().dropDatabase(example.name());
            return probed(target, Connector.materialize(target));
        }
        Session s = open(options, example, err);
        try (Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                     + "AND n.nspname NOT LIKE 'pg\\_%'")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                s.close();
                throw new StagegateException(ErrorCode.USAGE, "database " + s.live().database() + " already has "
                        + rs.getLong(1) + " tables; an example builds into an empty database (use --env embedded, or an empty one)");
            }
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to release
        }
    }
}
