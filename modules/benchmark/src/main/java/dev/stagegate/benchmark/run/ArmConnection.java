package dev.stagegate.benchmark.run;

import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Properties;

/**
 * One arm's session inside a fork: the connection and the one prepared statement of the query timed,
 * read only, with timeouts, pinned with its backend when the arm file says so. Which database and which
 * suite come from a file only this user can read (the arm file), so no password is on a command line.
 */
final class ArmConnection implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement statement;
    private final int columns;
    /** The CPU this arm's benchmark thread runs on, or -1; where the fork says whether it is pinned. */
    private int cpu = -1;
    private Path pinStatus;

    private ArmConnection(Connection connection, PreparedStatement statement, int columns) {
        this.connection = connection;
        this.statement = statement;
        this.columns = columns;
    }

    static ArmConnection open(String armFile, String query) throws IOException, SQLException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(armFile))) {
            p.load(in);
        }
        Properties login = new Properties();
        login.setProperty("user", p.getProperty("user"));
        if (p.getProperty("password") != null) {
            login.setProperty("password", p.getProperty("password"));
        }
        login.setProperty("ApplicationName", p.getProperty("application", "stagegate bench"));
        // pinned on both arms: the switch to a server-side statement after 5 executions moves latency 1.5-3x
        login.setProperty("prepareThreshold", "5");
        // bounded: a server that stops answering ends the fork (and the run) instead of hanging it
        login.setProperty("connectTimeout", "10");
        login.setProperty("socketTimeout", "120");
        Connection connection = DriverManager.getConnection(p.getProperty("url"), login);
        try {
            connection.setReadOnly(true);
            try (java.sql.Statement st = connection.createStatement()) {
                // setReadOnly alone does nothing in autocommit: a suite's DELETE would run, on a database the user gave us
                st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                // a runaway query ends the fork (and, with shouldFailOnError, the run) instead of hanging the benchmark
                st.execute("SET statement_timeout = '" + p.getProperty("statementTimeout", "60s") + "'");
            }
            // the suite's session (SuiteSession): its settings, then its role, as the plans were captured
            for (String key : p.stringPropertyNames().stream().filter(k -> k.startsWith("setting.")).sorted().toList()) {
                try (PreparedStatement set = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
                    set.setString(1, key.substring("setting.".length()));
                    set.setString(2, p.getProperty(key));
                    set.execute();
                }
            }
            if (p.getProperty("role") != null) {
                try (java.sql.Statement st = connection.createStatement()) {
                    st.execute("SET ROLE " + p.getProperty("role"));
                }
            }
            String sql = p.getProperty("query." + query + ".sql");
            if (sql == null) {
                throw new IllegalArgumentException("no query " + query + " in the arm file");
            }
            PreparedStatement statement = connection.prepareStatement(sql);
            String names = p.getProperty("query." + query + ".params", "");
            String[] params = names.isEmpty() ? new String[0] : names.split(",");
            for (int i = 0; i < params.length; i++) {
                // the value as the server's text, typed by the server from the query: the same on both arms
                statement.setObject(i + 1, p.getProperty("param." + params[i]), Types.OTHER);
            }
            int columns = statement.getMetaData() == null ? 0 : statement.getMetaData().getColumnCount();
            ArmConnection arm = new ArmConnection(connection, statement, columns);
            if (p.getProperty("pin.cpu") != null) {
                // before the warmup: the fork and its backend on one CPU, so the scheduler's placement does not time the query
                arm.pinStatus = Path.of(p.getProperty("pin.status"));
                String pinned = CpuPinning.pin(connection, Integer.parseInt(p.getProperty("pin.cpu")));
                // a fork with two arms writes twice: a "not pinned" of either arm is kept (appended), so the fork is not counted pinned
                if (Files.exists(arm.pinStatus) && !BenchRunner.pinned(Files.readString(arm.pinStatus))) {
                    pinned = Files.readString(arm.pinStatus);
                }
                Files.writeString(arm.pinStatus, pinned);
                arm.cpu = BenchRunner.pinned(pinned) ? Integer.parseInt(p.getProperty("pin.cpu")) : -1;
            }
            return arm;
        } catch (IOException | SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Before each iteration: the thread JMH measures on stays on the arm's CPU, or the fork says it is not pinned. */
    void stayPinned() throws IOException {
        if (cpu >= 0) {
            String why = CpuPinning.pinThread(cpu);
            if (why != null) {
                // measured on a thread that could not follow: this fork is not pinned, and says so
                Files.writeString(pinStatus, "not pinned: the benchmark thread of an iteration " + why);
                cpu = -1;
            }
        }
    }

    /** One execution: every column of every row consumed. */
    void execute(Blackhole bh) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    // the value as the server sent it, not parsed into a Java object: a migration changes the server's
                    // work, and parsing numerics and timestamps in the fork made the forks of a query returning them
                    // differ by up to 31% (sd) on the same database, against 6-13% read as bytes (decision 84)
                    bh.consume(rs.getBytes(i));
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            statement.close();
        } finally {
            connection.close();
        }
    }
}
