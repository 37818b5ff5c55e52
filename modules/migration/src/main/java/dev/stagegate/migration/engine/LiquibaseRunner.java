package dev.stagegate.migration.engine;

import dev.stagegate.migration.source.ChangelogWriter;
import dev.stagegate.migration.source.MigrationSet;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.command.CommandScope;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.lockservice.LockServiceFactory;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The one place that talks to Liquibase: builds its Database on our connection, serves the
 * generated changelog next to the migration files, runs commands in a scope with analytics off
 * (the product never phones home) and Liquibase's own console output routed to its logger.
 */
final class LiquibaseRunner implements AutoCloseable {

    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        System.setProperty(AnalyticsArgs.ENABLED.getKey(), "false");
        // Liquibase's SEVERE dumps quote the whole failing file (a role's password, a symlinked /etc/passwd):
        // never on the terminal. Every failure is reported as one line by FailureReport; the CLI's --debug
        // sets a level before this class loads, and that choice is kept.
        if (LIQUIBASE_LOG.getLevel() == null) {
            LIQUIBASE_LOG.setLevel(Level.OFF);
        }
    }

    private final Database database;
    private final ResourceAccessor accessor;
    private final String changelogPath;
    private final Path generatedDir;
    private final Connection connection;
    private final boolean autoCommitBefore;

    LiquibaseRunner(Connection connection, MigrationSet set) {
        this.connection = connection;
        this.autoCommitBefore = autoCommitOf(connection);
        try {
            this.database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            if (set.isChangelog()) {
                this.generatedDir = null;
                this.accessor = new DirectoryResourceAccessor(set.changelog().getParent());
                this.changelogPath = set.changelog().getFileName().toString();
            } else {
                this.generatedDir = Files.createTempDirectory("stagegate-changelog-");
                Files.writeString(generatedDir.resolve(ChangelogWriter.LOGICAL_PATH), ChangelogWriter.write(set));
                this.accessor = new CompositeResourceAccessor(new DirectoryResourceAccessor(generatedDir),
                        new DirectoryResourceAccessor(set.root()));
                this.changelogPath = ChangelogWriter.LOGICAL_PATH;
            }
        } catch (dev.stagegate.core.error.StagegateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up Liquibase: " + e.getMessage(), e);
        }
    }

    Database database() {
        return database;
    }

    /** Runs a Liquibase command; returns what it wrote to its output (the SQL of *Sql commands). */
    String run(String command, Map<String, Object> arguments, ChangeExecListener listener) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Scope.child(scope(), () -> {
            CommandScope scope = new CommandScope(command);
            scope.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database);
            scope.addArgumentValue("changelogFile", changelogPath);
            arguments.forEach(scope::addArgumentValue);
            if (listener != null) {
                scope.addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, listener);
            }
            scope.setOutput(output);
            scope.execute();
        });
        return output.toString(StandardCharsets.UTF_8);
    }

    /** The changelog as Liquibase parses it (for checksums and rollback checks). */
    DatabaseChangeLog parse() throws Exception {
        return inScope(() -> ChangeLogParserFactory.getInstance().getParser(changelogPath, accessor)
                .parse(changelogPath, new ChangeLogParameters(database), accessor));
    }

    /** Runs work that reads changelog resources (checksums read the SQL files) inside our scope. */
    <T> T inScope(Scope.ScopedRunnerWithReturn<T> work) throws Exception {
        return Scope.child(scope(), work);
    }

    private Map<String, Object> scope() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(Scope.Attr.resourceAccessor.name(), accessor);
        values.put(Scope.Attr.ui.name(), new LoggerUIService());
        values.put(AnalyticsArgs.ENABLED.getKey(), false);
        values.put(SessionLockService.SCOPE_KEY, true);
        return values;
    }

    @Override
    public void close() {
        restoreAutoCommit();
        // Liquibase caches a lock service per Database (equal by URL); drop ours so nothing outside
        // a stagegate scope can be handed it later.
        LockServiceFactory.getInstance().resetAll();
        if (generatedDir != null) {
            try (Stream<Path> files = Files.walk(generatedDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }

    /**
     * Liquibase turns autocommit off on the connection it is given: the caller's connection goes back as
     * it came, or its next statement would open a transaction nobody ends. Uncommitted leftovers are
     * rolled back first (turning autocommit on would commit them).
     */
    private void restoreAutoCommit() {
        try {
            if (!connection.isClosed() && connection.getAutoCommit() != autoCommitBefore) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setAutoCommit(autoCommitBefore);
            }
        } catch (SQLException e) {
            // a dead connection has no mode left to restore
        }
    }

    private static boolean autoCommitOf(Connection c) {
        try {
            return c.getAutoCommit();
        } catch (SQLException e) {
            return true;
        }
    }
}
