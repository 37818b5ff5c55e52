package dev.stagegate.core.example;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds an example in an empty database: its migrations up to {@code data.version}, the
 * generated data, then the rest up to the requested version. Each file runs in its own
 * transaction, so a failure leaves the database at the last good file.
 *
 * <p>This plain runner keeps no migration history; the migration engine adopts the result.
 */
public final class ExampleLoader {

    private final Connection connection;
    private final Consumer<String> progress;

    public ExampleLoader(Connection connection, Consumer<String> progress) {
        this.connection = connection;
        this.progress = progress;
    }

    /**
     * @param upTo  last migration version to apply (e.g. {@code "005"}), or null for all
     * @param scale data scale factor; 0 loads no data
     */
    public void load(Example example, String upTo, int scale) {
        if (scale < 0) {
            throw new StagegateException(ErrorCode.USAGE, "scale must be 0 or more, not " + scale);
        }
        List<Example.Migration> migrations = example.migrations();
        int last = upTo == null ? Integer.MAX_VALUE : Integer.parseInt(upTo);
        if (upTo != null && migrations.stream().noneMatch(m -> m.number() == last)) {
            throw new StagegateException(ErrorCode.USAGE, "example " + example.name() + " has no migration " + upTo
                    + "; it has " + migrations.stream().map(Example.Migration::version).toList());
        }
        int dataAfter = example.dataVersion() == null ? Integer.MAX_VALUE : Integer.parseInt(example.dataVersion());
        boolean dataLoaded = false;
        for (Example.Migration m : migrations) {
            if (m.number() > last) {
                break;
            }
            if (!dataLoaded && scale > 0 && m.number() > dataAfter) {
                loadData(example, scale);
                dataLoaded = true;
            }
            long start = System.nanoTime();
            runInTransaction(m.file(), read(m.file()));
            progress.accept("applied " + m.file().getFileName() + " in " + millis(start) + " ms");
        }
        if (!dataLoaded && scale > 0) {
            loadData(example, scale);
        }
    }

    private void loadData(Example example, int scale) {
        Path script = example.dataScript().orElseThrow(() -> new StagegateException(ErrorCode.EXAMPLE_UNKNOWN,
                "example " + example.name() + " has no data.script"));
        long start = System.nanoTime();
        runInTransaction(script, read(script).replace("${scale}", Integer.toString(scale)));
        try (Statement st = connection.createStatement()) {
            // Fresh statistics, so estimated counts and plans reflect the data just loaded.
            st.execute("ANALYZE");
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "ANALYZE after loading data failed: " + e.getMessage(), e);
        }
        progress.accept("generated data at scale " + scale + " in " + millis(start) + " ms");
    }

    private void runInTransaction(Path file, String sql) {
        try {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw new StagegateException(ErrorCode.SQL_FAILED, file.getFileName() + " failed and was rolled back: "
                        + e.getMessage().lines().findFirst().orElse("") + " (SQLSTATE " + e.getSQLState() + ")", e);
            } finally {
                connection.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "connection failed while running " + file.getFileName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
