package dev.stagegate.migration.engine;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults the engine must survive, done for real on PostgreSQL. */
class MigrationFaultTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    MigrationFolder folder;

    @BeforeEach
    void clean() throws Exception {
        db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        folder = new MigrationFolder(dir)
                .add("001_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a VALUES (1), (2);", "DROP TABLE a;")
                .add("002_b.sql", "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));", "DROP TABLE b;");
    }

    private MigrationEngine engine(Connection c, EngineOptions options, List<String> lines) {
        return new MigrationEngine(c, MigrationSource.read(dir), options, e -> lines.add(e.line()));
    }

    private MigrationEngine engine(Connection c) {
        return engine(c, EngineOptions.defaults(), new ArrayList<>());
    }

    @Test
    void aSyntaxErrorInTheMiddleOfASetStopsAtTheLastGoodVersionAndNamesFileAndLine() throws Exception {
        folder.add("003_c.sql", "CREATE TABLE c (id int);\nINSERT INTO c VALUES (1);\nSELEC broken FROM c;", "DROP TABLE c;")
                .add("004_d.sql", "CREATE TABLE d (id int);", "DROP TABLE d;");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            MigrationRun run = engine.migrate(null);
            assertThat(run.succeeded()).isFalse();
            assertThat(run.failure()).contains("003_c.sql line 3").contains("42601").contains("its transaction was undone").contains("the schema is at version 002");
            assertThat(run.toVersion()).isEqualTo("002");
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename IN ('c', 'd')")).isZero();
            assertThat(engine.status().pending()).extracting(m -> m.version().text()).containsExactly("003", "004");
        }
    }

    @Test
    void anAppliedFileEditedAfterwardsIsRefusedBeforeAnythingRuns() throws Exception {
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate("001").succeeded()).isTrue();
        }
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint PRIMARY KEY);");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.checksumDrift()).singleElement().satisfies(d -> assertThat(d.file()).isEqualTo("001_a.sql"));
            assertThatThrownBy(() -> engine.migrate(null)).isInstanceOfSatisfying(StagegateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_DRIFT);
                assertThat(e.getMessage()).contains("001_a.sql").contains("write a new migration");
            });
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'b'")).isZero();
        }
    }

    @Test
    void rollbackRefusesBeforeTouchingAnythingWhenARollbackIsMissing() throws Exception {
        folder.add("003_c.sql", "CREATE TABLE c (id int);");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate(null).succeeded()).isTrue();
            assertThatThrownBy(() -> engine.rollback("001")).isInstanceOfSatisfying(StagegateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.ROLLBACK_MISSING);
                assertThat(e.getMessage()).contains("003_c.sql").contains("nothing was changed");
            });
            assertThat(engine.status().currentVersion()).isEqualTo("003");
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename IN ('b', 'c')")).isEqualTo(2);
        }
    }

    @Test
    void unknownTargetVersionIsRefused() throws Exception {
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThatThrownBy(() -> engine.migrate("009")).isInstanceOfSatisfying(StagegateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.VERSION_UNKNOWN);
                assertThat(e.getMessage()).contains("'009'").contains("001, 002");
            });
            assertThatThrownBy(() -> engine.rollback("007")).isInstanceOf(StagegateException.class);
        }
    }

    @Test
    void aTableLockedByAnotherTransactionMakesTheMigrationGiveUpAfterLockTimeoutAndRetries() throws Exception {
        folder.add("003_alter.sql", "ALTER TABLE a ADD COLUMN note text;", "ALTER TABLE a DROP COLUMN note;");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate("002").succeeded()).isTrue();
        }
        EngineOptions fast = EngineOptions.defaults().withLockTimeout(Duration.ofMillis(200))
                .withRetries(2, Duration.ofMillis(100));
        List<String> lines = new ArrayList<>();
        try (Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("LOCK TABLE a IN ACCESS SHARE MODE");
            int blockerPid;
            try (var rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                blockerPid = rs.getInt(1);
            }
            try (Connection c = db.connect(); MigrationEngine engine = engine(c, fast, lines)) {
                MigrationRun run = engine.migrate(null);
                assertThat(run.succeeded()).isFalse();
                assertThat(run.retries()).isEqualTo(2);
                // sweep C04: the session in the way is named
                assertThat(run.failure()).contains("003_alter.sql").contains("55P03")
                        .contains("sessions holding transactions open: pid " + blockerPid + " (idle in transaction for");
                assertThat(run.toVersion()).isEqualTo("002");
                assertThat(lines).filteredOn(l -> l.startsWith("[WARN] lock not granted")).hasSize(2);
            }
            blocker.rollback();
        }
        try (Connection c = db.connect(); MigrationEngine engine = engine(c, fast, lines)) {
            assertThat(engine.migrate(null).succeeded()).isTrue();
            assertThat(engine.status().currentVersion()).isEqualTo("003");
        }
    }

    @Test
    void aSecondRunnerWaitsABoundedTimeThenSaysWhoHoldsTheLock() throws Exception {
        try (Connection holder = db.connect(); AdvisoryLock ignored = AdvisoryLock.acquire(holder, Duration.ZERO);
             Connection c = db.connect(); MigrationEngine engine = engine(c, EngineOptions.defaults().withLockWait(Duration.ofMillis(500)), new ArrayList<>())) {
            assertThatThrownBy(() -> engine.migrate(null)).isInstanceOfSatisfying(StagegateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_LOCKED);
                assertThat(e.getMessage()).contains("pid ").contains("--lock-wait");
            });
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'a'")).isZero();
        }
    }

    @Test
    void aSecondRunnerWaitsForTheLockAndThenEachMigrationIsAppliedExactlyOnce() throws Exception {
        folder.add("003_c.sql", "CREATE TABLE c (id int);", "DROP TABLE c;");
        try (Connection holder = db.connect()) {
            AdvisoryLock held = AdvisoryLock.acquire(holder, Duration.ZERO);
            Connection b = db.connect();
            int pid = b.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            CompletableFuture<MigrationRun> runnerB = CompletableFuture.supplyAsync(() -> {
                try (b; MigrationEngine engine = engine(b, EngineOptions.defaults().withLockWait(Duration.ofSeconds(60)), new ArrayList<>())) {
                    return engine.migrate(null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Contention is shown, not assumed: B has asked for the lock, been refused, and applied nothing.
            assertThat(awaitQuery(pid, "pg_try_advisory_lock")).isTrue();
            assertThat(runnerB).isNotDone();
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'b', 'c')")).isZero();
            held.close();
            MigrationRun run = runnerB.get(60, TimeUnit.SECONDS);
            assertThat(run.succeeded()).isTrue();
            assertThat(run.completed()).extracting(MigrationEvent::version).containsExactly("001", "002", "003");
        }
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            MigrationRun again = engine.migrate(null);
            assertThat(again.succeeded()).isTrue();
            assertThat(again.completed()).isEmpty();
        }
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog")).isEqualTo(3);
        assertThat(db.queryLong("SELECT count(*) FROM databasechangelog WHERE tag = id")).isEqualTo(3);
    }

    @Test
    void aRunnerThatWaitedReportsTheVersionItReallyStartsFrom() throws Exception {
        // sweep C01: "Nothing to apply: the schema is at version 001" followed by "New schema version: 003"
        folder.add("003_c.sql", "CREATE TABLE c (id int);", "DROP TABLE c;");
        List<String> linesB = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Connection holder = db.connect()) {
            AdvisoryLock held = AdvisoryLock.acquire(holder, Duration.ZERO);
            Connection b = db.connect();
            int pid = b.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            CompletableFuture<MigrationRun> runnerB = CompletableFuture.supplyAsync(() -> {
                try (b; MigrationEngine engine = engine(b, EngineOptions.defaults().withLockWait(Duration.ofSeconds(60)), linesB)) {
                    return engine.migrate(null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(awaitQuery(pid, "pg_try_advisory_lock")).isTrue();
            // the holder (another runner) applies 001 and 002 while B waits; its session lock is re-entrant
            try (MigrationEngine a = engine(holder)) {
                assertThat(a.migrate("002").succeeded()).isTrue();
            }
            held.close();
            MigrationRun run = runnerB.get(60, TimeUnit.SECONDS);
            assertThat(run.completed()).extracting(MigrationEvent::version).containsExactly("003");
        }
        assertThat(linesB).contains("[INFO] Current schema version: 002").doesNotContain("[INFO] Current schema version: none");
    }

    /** Polls (bounded) until the backend's last query contains {@code text}; no timing is asserted. */
    private boolean awaitQuery(int pid, String text) throws Exception {
        try (Connection admin = db.connect(); Statement st = admin.createStatement()) {
            for (int i = 0; i < 600; i++) {
                var rs = st.executeQuery("SELECT query FROM pg_stat_activity WHERE pid = " + pid);
                if (rs.next() && rs.getString(1) != null && rs.getString(1).contains(text)) {
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }
    }

    @Test
    void concurrentIndexesRunOutsideATransactionAndAFailedOneIsReportedInvalid() throws Exception {
        folder.add("003_idx.sql", "CREATE INDEX CONCURRENTLY a_id_desc ON a (id DESC);", "DROP INDEX CONCURRENTLY a_id_desc;")
                .add("004_dup.sql", "INSERT INTO b VALUES (1, 1), (2, 1);", "DELETE FROM b;")
                .add("005_unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY b_a_id_unique ON b (a_id);", "DROP INDEX CONCURRENTLY b_a_id_unique;");
        List<String> lines = new ArrayList<>();
        try (Connection c = db.connect(); MigrationEngine engine = engine(c, EngineOptions.defaults(), lines)) {
            MigrationRun run = engine.migrate(null);
            assertThat(run.succeeded()).isFalse();
            assertThat(run.failure()).contains("005_unique.sql").contains("23505").contains("outside a transaction");
            assertThat(run.toVersion()).isEqualTo("004");
            assertThat(run.invalidIndexes()).containsExactly("public.b_a_id_unique");
            assertThat(lines).contains("[INFO] INVALID index left behind: public.b_a_id_unique (drop it and create it again)");
            assertThat(db.queryLong("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    + "WHERE c.relname = 'a_id_desc' AND i.indisvalid")).isEqualTo(1);
        }
    }

    @Test
    void anEmptyFolderIsAClearError() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> MigrationSource.read(empty)).isInstanceOfSatisfying(StagegateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID);
            assertThat(e.getMessage()).contains("no migrations in");
        });
    }

    @Test
    void theRunnersConnectionTerminatedMidMigrationLeavesTheLastGoodVersion() throws Exception {
        folder.add("003_slow.sql", "CREATE TABLE slow (id int);\n"
                + "SELECT pg_sleep(coalesce(nullif(current_setting('sg.test_sleep', true), ''), '0')::float);", "DROP TABLE slow;");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate("002").succeeded()).isTrue();
        }
        List<String> lines = new ArrayList<>();
        try (Connection c = db.connect(); MigrationEngine engine = engine(c, EngineOptions.defaults(), lines)) {
            try (Statement st = c.createStatement()) {
                st.execute("SET sg.test_sleep = '30'");
            }
            CompletableFuture<Boolean> killer = CompletableFuture.supplyAsync(() -> terminateWhenSleeping(c));
            MigrationRun run = engine.migrate(null);
            assertThat(killer.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run.succeeded()).isFalse();
            assertThat(run.failure()).contains("003_slow.sql").contains("connection was lost");
            // sweep F01: "Schema version after the failure: none" although 002 was committed
            assertThat(lines).contains("[INFO] Schema version after the failure: unknown (the connection was lost)");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'slow'")).isZero();
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.status().currentVersion()).isEqualTo("002");
            assertThat(engine.migrate(null).succeeded()).isTrue();
            assertThat(engine.status().currentVersion()).isEqualTo("003");
        }
    }

    private boolean terminateWhenSleeping(Connection runner) {
        try (Connection admin = db.connect(); Statement st = admin.createStatement()) {
            int pid = runner.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            for (int i = 0; i < 200; i++) {
                var rs = st.executeQuery("SELECT wait_event FROM pg_stat_activity WHERE pid = " + pid);
                if (rs.next() && "PgSleep".equals(rs.getString(1))) {
                    var t = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")");
                    t.next();
                    return t.getBoolean(1);
                }
                Thread.sleep(50);
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
