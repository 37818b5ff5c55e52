package dev.stagegate.migration.example;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.example.Example;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationEvent;
import dev.stagegate.migration.engine.MigrationRun;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * Builds an example in an empty database with the migration engine, so the result has a real
 * history that later commands continue from: migrations up to {@code data.version}, the
 * generated data (one transaction), then the rest up to the requested version.
 */
public final class ExampleBuilder {

    private final Connection connection;
    private final Consumer<String> progress;

    public ExampleBuilder(Connection connection, Consumer<String> progress) {
        this.connection = connection;
        this.progress = progress;
    }

    /**
     * @param upTo  last version to apply (e.g. {@code "001"}), or null for all
     * @param scale data scale factor; 0 loads no data
     */
    public void build(Example example, String upTo, int scale) {
        if (scale < 0) {
            throw new StagegateException(ErrorCode.USAGE, "scale must be 0 or more, not " + scale);
        }
        MigrationSet set = MigrationSource.read(example.migrationsDir());
        String dataVersion = example.dataVersion();
        try (MigrationEngine engine = new MigrationEngine(connection, set, EngineOptions.defaults(), this::report)) {
            boolean dataFirst = scale > 0 && dataVersion != null;
            if (dataFirst && upTo != null && set.find(upTo).orElseThrow(() -> unknown(example, upTo)).version()
                    .compareTo(set.find(dataVersion).orElseThrow().version()) < 0) {
                throw new StagegateException(ErrorCode.USAGE, "example " + example.name() + " loads its data at version "
                        + dataVersion + "; build it to " + dataVersion + " or later, or with --scale 0");
            }
            if (dataFirst) {
                check(engine.migrate(dataVersion));
                loadData(example, scale);
            }
            check(engine.migrate(upTo));
            if (scale > 0 && dataVersion == null) {
                loadData(example, scale);
            }
        }
    }

    private static StagegateException unknown(Example example, String version) {
        return new StagegateException(ErrorCode.VERSION_UNKNOWN, "example " + example.name() + " has no migration " + version);
    }

    private void report(MigrationEvent e) {
        if (e.type() == MigrationEvent.Type.COMPLETED || e.type() == MigrationEvent.Type.FAILED) {
            progress.accept(e.line());
        }
    }

    private static void check(MigrationRun run) {
        if (!run.succeeded()) {
            throw new StagegateException(ErrorCode.MIGRATION_FAILED, "building the example failed: " + run.failure());
        }
    }

    private void loadData(Example example, int scale) {
        Path script = example.dataScript().orElseThrow(() -> new StagegateException(ErrorCode.EXAMPLE_UNKNOWN,
                "example " + example.name() + " has no data.script"));
        long start = System.nanoTime();
        try {
            String sql = Files.readString(script).replace("${scale}", Integer.toString(scale));
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw new StagegateException(ErrorCode.SQL_FAILED, script.getFileName() + " failed and was rolled back: "
                        + e.getMessage().lines().findFirst().orElse("") + " (SQLSTATE " + e.getSQLState() + ")", e);
            } finally {
                connection.setAutoCommit(auto);
            }
            try (Statement st = connection.createStatement()) {
                // Fresh statistics, so estimated counts and plans reflect the data just loaded.
                st.execute("ANALYZE");
            }
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot read " + script + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "loading data failed: " + e.getMessage(), e);
        }
        progress.accept("[SUCCESS] Generated data at scale " + scale + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
