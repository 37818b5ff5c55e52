package dev.stagegate.migration.engine;

import dev.stagegate.migration.source.MigrationShape;
import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;
import liquibase.change.custom.CustomTaskChange;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.SetupException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs a big migration file statement by statement, as psql does, inside the changeset's transaction.
 * Liquibase's {@code sqlFile} expands {@code ${...}} over the whole text, tokenizes it, and hands it to
 * the driver as one script, whose result list the driver grows by walking it: quadratic, so a
 * 500,000-statement file never finished. Sent one by one, each failure also names its own line.
 *
 * <p>Used from {@link dev.stagegate.migration.source.ChangelogWriter} for files above a size, with
 * the file's sha256 as a parameter, so Liquibase's checksum of the changeset still changes when the
 * file does (drift is still drift).
 */
public final class StatementRunner implements CustomTaskChange, CustomTaskRollback {

    /** Where a run reports its progress (the engine's event sink), every {@value #PROGRESS_EVERY} statements. */
    static final ThreadLocal<java.util.function.Consumer<String>> PROGRESS = new ThreadLocal<>();
    static final int PROGRESS_EVERY = 50_000;

    private String file;
    private String rollbackFile;
    private String sha256;

    public void setFile(String file) {
        this.file = file;
    }

    public String getFile() {
        return file;
    }

    public void setRollbackFile(String rollbackFile) {
        this.rollbackFile = rollbackFile;
    }

    public String getRollbackFile() {
        return rollbackFile;
    }

    /** Part of Liquibase's checksum of the changeset: an edited file is drift. */
    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }

    public String getSha256() {
        return sha256;
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        run(database, file);
    }

    @Override
    public void rollback(Database database) throws CustomChangeException {
        if (rollbackFile == null) {
            throw new CustomChangeException("no rollback file");
        }
        run(database, rollbackFile);
    }

    private static void run(Database database, String path) throws CustomChangeException {
        Path p = Path.of(path);
        String script = MigrationShape.read(p);
        Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        List<SqlStatement> statements = SqlScript.split(script);
        java.util.function.Consumer<String> progress = PROGRESS.get();
        int done = 0;
        try (Statement st = c.createStatement()) {
            for (SqlStatement s : statements) {
                if (s.code().isBlank()) {
                    continue;
                }
                if (progress != null && ++done % PROGRESS_EVERY == 0) {
                    progress.accept(p.getFileName() + ": " + done + " of " + statements.size() + " statements");
                }
                try {
                    st.execute(script.substring(s.rawStart(), s.rawEnd()));
                } catch (SQLException e) {
                    throw new CustomChangeException(new StatementFailure(p.getFileName().toString(), s.startLine(), e));
                }
            }
        } catch (SQLException e) {
            throw new CustomChangeException(e);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return "ran " + file;
    }

    @Override
    public void setUp() throws SetupException {
        // nothing to prepare: the file is read when the change runs
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
        // the file is named by its absolute path
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }

    /** A statement of a file that failed, with its line: the one line users read names both. */
    public static final class StatementFailure extends SQLException {
        private final String fileName;
        private final int line;

        StatementFailure(String fileName, int line, SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
            this.fileName = fileName;
            this.line = line;
        }

        public String fileName() {
            return fileName;
        }

        public int line() {
            return line;
        }
    }
}
