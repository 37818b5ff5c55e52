package dev.stagegate.migration.engine;

import dev.stagegate.migration.source.MigrationSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** A runner in its own JVM, for {@link RunnerKillTest} to SIGKILL mid-migration. */
public final class KillableRunner {

    private KillableRunner() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args.length > 3 ? args[3] : null)) {
            try (Statement st = c.createStatement()) {
                st.execute("SET sg.test_sleep = '60'");
            }
            try (MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(Path.of(args[2])),
                    EngineOptions.defaults(), e -> System.out.println(e.line()))) {
                engine.migrate(null);
            }
        }
    }
}
