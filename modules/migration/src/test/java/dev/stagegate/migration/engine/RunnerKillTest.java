package dev.stagegate.migration.engine;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A runner process killed with SIGKILL in the middle of a migration leaves no lock behind, and a
 * rerun converges to the same schema as a run that was never interrupted.
 */
class RunnerKillTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void sigkillMidMigrationLeavesNoLockAndARerunConverges() throws Exception {
        new MigrationFolder(dir)
                .add("001_a.sql", "CREATE TABLE a (id int PRIMARY KEY);", "DROP TABLE a;")
                .add("002_slow.sql", "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n"
                        + "SELECT pg_sleep(coalesce(nullif(current_setting('sg.test_sleep', true), ''), '0')::float);", "DROP TABLE b;")
                .add("003_c.sql", "CREATE INDEX b_a_id ON b (a_id);", "DROP INDEX b_a_id;");

        Process runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillableRunner.class.getName(),
                db.jdbcUrl(), db.user(), dir.toString()).redirectErrorStream(true).start();
        try {
            assertThat(waitForSleepingMigration()).as("the runner reached the slow migration").isTrue();
            runner.destroyForcibly();
            assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runner.exitValue()).isEqualTo(137);
        } finally {
            runner.destroyForcibly();
        }

        assertThat(waitUntilNoMigrationLock()).as("the killed runner's advisory lock was released").isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename IN ('b', 'databasechangeloglock')")).isZero();

        List<String> lines = new ArrayList<>();
        SchemaSnapshot rerun;
        try (Connection c = db.connect(); MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(dir),
                EngineOptions.defaults(), e -> lines.add(e.line()))) {
            assertThat(engine.status().currentVersion()).isEqualTo("001");
            assertThat(engine.migrate(null).succeeded()).isTrue();
            rerun = new CatalogReader(c).read(false);
        }
        String reference = db.name() + "_ref";
        db.execute("CREATE DATABASE " + reference);
        try (Connection c = db.server().connect(reference); MigrationEngine engine = new MigrationEngine(c,
                MigrationSource.read(dir), EngineOptions.defaults(), e -> { })) {
            assertThat(engine.migrate(null).succeeded()).isTrue();
            SchemaSnapshot clean = new CatalogReader(c).read(false);
            assertThat(SnapshotDiff.between(clean, rerun).changes()).isEmpty();
        } finally {
            db.execute("DROP DATABASE " + reference + " WITH (FORCE)");
        }
    }

    private boolean waitForSleepingMigration() throws Exception {
        for (int i = 0; i < 600; i++) {
            if (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND wait_event = 'PgSleep'") > 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private boolean waitUntilNoMigrationLock() throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                         + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }
}
