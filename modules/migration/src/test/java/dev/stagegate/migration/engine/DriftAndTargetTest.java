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
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drift is refused on every path, and a target behind the schema is not "nothing to apply". */
class DriftAndTargetTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() throws Exception {
        db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        new MigrationFolder(dir)
                .add("001_a.sql", "CREATE TABLE a (id int PRIMARY KEY);", "DROP TABLE a;")
                .add("002_b.sql", "CREATE TABLE b (id int PRIMARY KEY);", "DROP TABLE b;")
                .add("003_c.sql", "CREATE TABLE c (id int PRIMARY KEY);", "DROP TABLE c;");
    }

    private MigrationEngine engine(Connection c, Duration lockWait) {
        return new MigrationEngine(c, MigrationSource.read(dir), EngineOptions.defaults().withLockWait(lockWait), e -> { });
    }

    private MigrationEngine engine(Connection c) {
        return engine(c, EngineOptions.defaults().lockWait());
    }

    @Test
    void duplicateVersionsAreRefusedBeforeAnythingRuns() throws Exception {
        // sweep M12: 001_a.sql and 1_other.sql both ran, exit 0, and the log named 001_a twice
        java.nio.file.Files.writeString(dir.resolve("1_other.sql"), "CREATE TABLE d (id int);");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : java.util.List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                    () -> engine.migrate(null), () -> engine.previewMigrate(null), () -> engine.rollback("001"))) {
                assertThatThrownBy(call).isInstanceOfSatisfying(StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID);
                    assertThat(e.getMessage()).contains("001_a.sql", "1_other.sql", "nothing was changed");
                });
            }
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('a', 'd')")).isZero();
    }

    @Test
    void aFileWithACommitInTheMiddleIsRefusedBeforeAnythingRuns() throws Exception {
        // sweep M16: "its transaction was undone, so none of its statements took effect" while tf_a stayed behind
        java.nio.file.Files.writeString(dir.resolve("004_txn.sql"), "CREATE TABLE tf_a (id int);\nCOMMIT;\nCREATE TABLE tf_b (id int);\nSELECT 1/0;\n");
        java.nio.file.Files.writeString(dir.resolve("004_txn.rollback.sql"), "DROP TABLE IF EXISTS tf_b; DROP TABLE IF EXISTS tf_a;\n");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate("003").succeeded()).isTrue();
            assertThatThrownBy(() -> engine.migrate(null)).isInstanceOfSatisfying(StagegateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID);
                assertThat(e.getMessage()).contains("004_txn.sql line 2 controls the transaction itself (COMMIT)", "nothing was changed");
            });
            assertThat(engine.status().currentVersion()).isEqualTo("003");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename IN ('tf_a', 'tf_b')")).isZero();
    }

    @Test
    void aFailureWithNoVersionAppliedSaysNoneNotThatTheConnectionWasLost() throws Exception {
        // sweep M23: a plain 1/0 in the first migration claimed "the connection was lost"
        java.nio.file.Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id int PRIMARY KEY);\nSELECT 1/0;\n");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            MigrationRun r = engine.migrate(null);
            assertThat(r.failure()).contains("001_a.sql", "22012", "its transaction was undone, so none of its statements took effect")
                    .doesNotContain("connection was lost");
            assertThat(r.toVersion()).isNull();
        }
    }

    @Test
    void aBigFileRunsStatementByStatementNamesTheFailingLineRollsBackAndStillDrifts() throws Exception {
        // sweep M09/D10: a 50 MB file never finished; big files now run statement by statement
        StringBuilder big = new StringBuilder("CREATE TABLE big_t (id int PRIMARY KEY, v text);\n");
        for (int i = 0; i < 20_000; i++) {
            big.append("INSERT INTO big_t VALUES (").append(i).append(", 'row ").append(i).append(" with some text to pass a megabyte');\n");
        }
        assertThat(big.length()).isGreaterThan(1 << 20);
        java.nio.file.Path file = dir.resolve("004_big.sql");
        java.nio.file.Files.writeString(file, big.toString() + "SELECT 1/0;\n");
        java.nio.file.Files.writeString(dir.resolve("004_big.rollback.sql"), "DROP TABLE big_t;\n");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            MigrationRun failed = engine.migrate(null);
            // the failing statement's own line, and nothing of the file remains
            assertThat(failed.failure()).contains("004_big.sql line 20002", "22012", "its transaction was undone, so none of its statements took effect");
            assertThat(engine.status().currentVersion()).isEqualTo("003");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'big_t'")).isZero();
        java.nio.file.Files.writeString(file, big.toString());
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate(null).failure()).isNull();
            assertThat(db.queryLong("SELECT count(*) FROM big_t")).isEqualTo(20_000);
            assertThat(engine.rollback("003").failure()).isNull();
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'big_t'")).isZero();
            assertThat(engine.migrate(null).failure()).isNull();
        }
        // an edit after it ran is drift, as for any file
        java.nio.file.Files.writeString(file, big.toString() + "-- edited\n");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThatThrownBy(() -> engine.migrate(null)).isInstanceOfSatisfying(StagegateException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_DRIFT));
        }
    }

    @Test
    void theCallersConnectionComesBackInTheModeItHad() throws Exception {
        // Liquibase turned autocommit off for good: the gate's next read opened a transaction nobody ended
        try (Connection c = db.connect()) {
            assertThat(c.getAutoCommit()).isTrue();
            try (MigrationEngine engine = engine(c)) {
                engine.migrate(null);
                engine.status();
            }
            assertThat(c.getAutoCommit()).isTrue();
            try (var st = c.createStatement()) {
                st.executeQuery("SELECT 1").close();
            }
            assertThat(c.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState())
                    .as("no transaction left open after a statement").isEqualTo(org.postgresql.core.TransactionState.IDLE);
        }
    }

    @Test
    void migrateToAnOlderVersionRefusesAndSaysUseRollback() throws Exception {
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate(null).succeeded()).isTrue();
            assertThatThrownBy(() -> engine.migrate("001")).isInstanceOfSatisfying(StagegateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                assertThat(e.getMessage()).isEqualTo("target 001 is older than the current version 003; use rollback");
            });
            assertThatThrownBy(() -> engine.previewMigrate("001")).isInstanceOfSatisfying(StagegateException.class,
                    e -> assertThat(e.getMessage()).isEqualTo("target 001 is older than the current version 003; use rollback"));
            assertThat(engine.status().currentVersion()).isEqualTo("003");
            // The current version itself is not older: nothing to apply, a success.
            assertThat(engine.migrate("003").succeeded()).isTrue();
        }
    }

    @Test
    void driftIsTypedAndRefusedEvenWhenNothingIsPending() throws Exception {
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate(null).succeeded()).isTrue();
        }
        Files.writeString(dir.resolve("002_b.sql"), "CREATE TABLE b (id bigint PRIMARY KEY);");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            List<Drift> drift = engine.checksumDrift();
            assertThat(drift).singleElement().satisfies(d -> {
                assertThat(d.version()).isEqualTo("002");
                assertThat(d.file()).isEqualTo("002_b.sql");
                assertThat(d.storedChecksum()).startsWith("9:").isNotEqualTo(d.currentChecksum());
                assertThat(d.currentChecksum()).startsWith("9:");
                assertThat(d.toString()).isEqualTo("002_b.sql (checksum was " + d.storedChecksum() + ", is now "
                        + d.currentChecksum() + ")");
            });
            assertThat(engine.status().pending()).isEmpty();
            assertThatThrownBy(() -> engine.previewMigrate(null)).isInstanceOfSatisfying(StagegateException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_DRIFT));
            for (String target : new String[] {null, "003"}) {
                assertThatThrownBy(() -> engine.migrate(target)).isInstanceOfSatisfying(StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_DRIFT);
                    assertThat(e.getMessage()).contains("002_b.sql (checksum was 9:");
                });
            }
        }
    }

    @Test
    void rollbackChecksMissingRollbacksOnlyOnceItHoldsTheLock() throws Exception {
        new MigrationFolder(dir).add("004_d.sql", "CREATE TABLE d (id int);");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate(null).succeeded()).isTrue();
        }
        // While another runner holds the lock the history may be changing under us: the answer
        // must be "locked", not a verdict on a history read before the lock was ours.
        try (Connection holder = db.connect(); AdvisoryLock ignored = AdvisoryLock.acquire(holder, Duration.ZERO);
             Connection c = db.connect(); MigrationEngine engine = engine(c, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> engine.rollback("001")).isInstanceOfSatisfying(StagegateException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_LOCKED));
        }
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThatThrownBy(() -> engine.rollback("001")).isInstanceOfSatisfying(StagegateException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.ROLLBACK_MISSING));
            assertThat(engine.status().currentVersion()).isEqualTo("004");
        }
    }

    @Test
    void rollbackRefusesDriftOnceItHoldsTheLock() throws Exception {
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThat(engine.migrate(null).succeeded()).isTrue();
        }
        Files.writeString(dir.resolve("003_c.sql"), "CREATE TABLE c (id bigint PRIMARY KEY);");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c)) {
            assertThatThrownBy(() -> engine.rollback("001")).isInstanceOfSatisfying(StagegateException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_DRIFT));
            assertThat(engine.status().currentVersion()).isEqualTo("003");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename IN ('b', 'c')")).isEqualTo(2);
    }
}
