package dev.stagegate.migration.env;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.testkit.QueryCounter;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The environment step against a real server: each rule tripped by a real session, setting or figure
 * (the replication rules, which need a replica, are in {@link EnvironmentRulesTest}), and each passing.
 */
class EnvironmentCheckTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** Plenty: 1 PiB stated, so checks not about disk do not depend on this machine's free space. */
    private static final Optional<Long> LOTS = Optional.of(1L << 50);

    private static ServerInfo info(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, "
                + "version(), current_database(), current_user, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user")) {
            rs.next();
            return new ServerInfo(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getBoolean(6));
        }
    }

    private static EnvironmentCheck.Builder quiet() {
        return EnvironmentCheck.builder().statedDiskFreeBytes(LOTS);
    }

    private static StepResult run(EnvironmentCheck.Builder b) throws Exception {
        try (Connection c = db.connect()) {
            return b.build().run(c, info(c));
        }
    }

    private static List<String> codes(StepResult r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    @Test
    void aQuietServerWithMeasuredDiskPassesInTwoQueriesAndItsSummaryReproduces() throws Exception {
        assumeTrue(db.server().kind().equals("embedded"), "the data folder is local only for the embedded server");
        Path data = EmbeddedPostgresServer.shared().dataDirectory();
        EnvironmentCheck check = EnvironmentCheck.builder().needs(Set.of("pgcrypto", "plpgsql"), 10)
                .dataDirectory(Optional.of(data)).build();
        QueryCounter counter = new QueryCounter();
        StepResult first;
        try (Connection c = counter.wrap(db.connect())) {
            ServerInfo info = info(c);
            int before = counter.count();
            first = check.run(c, info);
            assertThat(counter.count() - before).isEqualTo(EnvironmentCheck.QUERIES).isEqualTo(2);
        }
        assertThat(first.step()).isEqualTo("environment");
        assertThat(first.status()).isEqualTo(StepStatus.PASSED);
        assertThat(first.findings()).isEmpty();
        assertThat(first.summary()).isEqualTo("PostgreSQL " + db.server().majorVersion() + ", 0 other active session(s), "
                + "0 idle in transaction, 0 replica(s), extensions 2/2 available, lock estimate 10 (64 per transaction), "
                + "disk headroom ok, at least 150% (measured)");
        long free = (Long) first.metrics().get("measured.disk_free_bytes");
        assertThat(free).isPositive().isLessThanOrEqualTo(Files.getFileStore(data).getTotalSpace());
        assertThat(first.metrics()).containsEntry("disk_source", "measured").containsEntry("replicas", 0)
                .containsEntry("max_locks_per_transaction", 64).containsKey("measured.database_bytes")
                .doesNotContainKey("measured.max_replication_lag_seconds");
        assertThat(first.summary()).doesNotContain(Long.toString(free))
                .doesNotContain(first.metrics().get("measured.database_bytes").toString());
        StepResult second = run(EnvironmentCheck.builder().needs(Set.of("pgcrypto", "plpgsql"), 10).dataDirectory(Optional.of(data)));
        assertThat(second.summary()).isEqualTo(first.summary());
    }

    @Test
    void aServerBelowTheMinimumMajorFailsWithoutAQuery() throws Exception {
        ServerInfo old = new ServerInfo(110022, "PostgreSQL 11.22 (made up for the test)", db.name(), db.user(), true, true);
        QueryCounter counter = new QueryCounter();
        StepResult r;
        try (Connection c = counter.wrap(db.connect())) {
            r = quiet().build().run(c, old);
        }
        assertThat(counter.count()).isZero();
        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("SERVER_TOO_OLD_FOR_GATE");
            assertThat(f.object()).isEqualTo("server");
            assertThat(f.message()).contains("PostgreSQL 11", "12 or newer");
        });
        assertThat(r.summary()).isEqualTo("PostgreSQL 11 is below 12; nothing else checked");
        try (Connection c = db.connect()) {
            StepResult allowed = quiet().thresholds(EnvironmentThresholds.defaults().withMinServerMajor(11)).build().run(c, old);
            assertThat(allowed.status()).isEqualTo(StepStatus.PASSED);
            assertThat(allowed.summary()).startsWith("PostgreSQL 11, ");
        }
    }

    @Test
    void anotherSessionRunningAStatementFailsUnlessAllowed() throws Exception {
        try (Connection busy = db.connect(); Connection watcher = db.connect()) {
            int pid = pid(busy);
            CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
                try (Statement st = busy.createStatement()) {
                    st.execute("SELECT pg_sleep(60)");
                } catch (Exception e) {
                    // cancelled below: expected
                }
            });
            try {
                awaitState(watcher, pid, "active");
                StepResult r = run(quiet());
                assertThat(r.status()).isEqualTo(StepStatus.FAILED);
                assertThat(r.findings()).singleElement().satisfies(f -> {
                    assertThat(f.code()).isEqualTo("OTHER_ACTIVE_SESSIONS");
                    assertThat(f.object()).isEqualTo(db.name());
                    assertThat(f.proof()).singleElement().asString().startsWith("pid " + pid + ", ").contains("active");
                });
                assertThat(r.summary()).contains("1 other active session(s)").endsWith("; failing: OTHER_ACTIVE_SESSIONS");
                StepResult allowed = run(quiet().thresholds(EnvironmentThresholds.defaults().withMaxOtherActiveSessions(1)));
                assertThat(allowed.status()).isEqualTo(StepStatus.PASSED);
            } finally {
                try (Statement st = watcher.createStatement()) {
                    st.execute("SELECT pg_cancel_backend(" + pid + ")");
                }
                sleeping.get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aSessionIdleInTransactionFailsAndItsTransactionTripsTheAgeLimit() throws Exception {
        try (Connection idle = db.connect()) {
            idle.setAutoCommit(false);
            try (Statement st = idle.createStatement()) {
                st.execute("SELECT 1");
            }
            StepResult r = run(quiet());
            assertThat(r.status()).isEqualTo(StepStatus.FAILED);
            assertThat(codes(r)).containsExactly("IDLE_IN_TRANSACTION");
            assertThat(r.findings().get(0).proof()).singleElement().asString().contains("idle in transaction");

            EnvironmentThresholds idleAllowed = EnvironmentThresholds.defaults().withMaxIdleInTransaction(1);
            StepResult allowed = run(quiet().thresholds(idleAllowed));
            assertThat(allowed.status()).isEqualTo(StepStatus.PASSED);
            assertThat(allowed.metrics()).containsKey("measured.oldest_transaction_seconds");

            StepResult old = run(quiet().thresholds(idleAllowed.withMaxTransactionAge(Duration.ZERO)));
            assertThat(old.status()).isEqualTo(StepStatus.FAILED);
            assertThat(old.findings()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("LONG_TRANSACTION");
                assertThat(f.message()).contains("open longer than 0 s");
            });
            idle.rollback();
        }
    }

    @Test
    void aCallerInsideATransactionStillSeesSessionsAsTheyAreNow() throws Exception {
        try (Connection c = db.connect(); Connection idle = db.connect()) {
            c.setAutoCommit(false);
            ServerInfo info = info(c);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity")) {
                rs.next(); // caches the activity snapshot for c's transaction
            }
            idle.setAutoCommit(false);
            try (Statement st = idle.createStatement()) {
                st.execute("SELECT 1");
            }
            StepResult r = quiet().build().run(c, info);
            assertThat(codes(r)).containsExactly("IDLE_IN_TRANSACTION");
            assertThat(c.getAutoCommit()).isFalse();
            c.rollback();
            idle.rollback();
        }
    }

    @Test
    void sessionsOfOtherRolesThatCannotBeSeenMakeTheStepIncompleteNeverPassed() throws Exception {
        db.execute("DROP ROLE IF EXISTS sg_env_probe; CREATE ROLE sg_env_probe LOGIN");
        try (Connection other = db.connect(); Connection probe = connectAs("sg_env_probe")) {
            assertThat(other.isValid(5)).isTrue();
            StepResult r = quiet().build().run(probe, info(probe));
            assertThat(r.status()).isEqualTo(StepStatus.INCOMPLETE);
            assertThat(r.passed()).isFalse();
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("SESSIONS_NOT_VISIBLE");
                assertThat(f.fails()).isTrue();
                assertThat(f.message()).contains("pg_read_all_stats");
            });
            db.execute("GRANT pg_read_all_stats TO sg_env_probe");
            StepResult granted = quiet().build().run(probe, info(probe));
            assertThat(granted.status()).isEqualTo(StepStatus.PASSED);
        } finally {
            db.execute("DROP ROLE IF EXISTS sg_env_probe");
        }
    }

    @Test
    void anExtensionTheServerCannotInstallFails() throws Exception {
        StepResult r = run(quiet().needs(Set.of("pgcrypto", "sg_no_such_extension"), 0));
        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("EXTENSION_MISSING");
            assertThat(f.object()).isEqualTo("sg_no_such_extension");
        });
        assertThat(r.summary()).contains("extensions 1/2 available");
        assertThat(run(quiet().needs(Set.of("pgcrypto", "plpgsql"), 0)).status()).isEqualTo(StepStatus.PASSED);
    }

    @Test
    void aLockEstimateAboveTheSharedTableFailsAndAbovePerTransactionWarns() throws Exception {
        long perTransaction = db.queryLong("SELECT current_setting('max_locks_per_transaction')::int");
        long table = db.queryLong("SELECT current_setting('max_locks_per_transaction')::int * "
                + "(current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int)");

        StepResult tooMany = run(quiet().needs(Set.of(), (int) table + 1));
        assertThat(tooMany.status()).isEqualTo(StepStatus.FAILED);
        assertThat(tooMany.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("LOCK_TABLE_TOO_SMALL");
            assertThat(f.message()).contains("holds " + table);
        });

        StepResult warned = run(quiet().needs(Set.of(), (int) perTransaction + 1));
        assertThat(warned.status()).isEqualTo(StepStatus.WARNED);
        assertThat(warned.passed()).isTrue();
        assertThat(codes(warned)).containsExactly("LOCKS_ABOVE_PER_TRANSACTION");

        assertThat(run(quiet().needs(Set.of(), (int) perTransaction)).status()).isEqualTo(StepStatus.PASSED);
        StepResult halfTable = run(quiet().needs(Set.of(), (int) table)
                .thresholds(EnvironmentThresholds.defaults().withMaxLockTableShare(0.5)));
        assertThat(codes(halfTable)).containsExactly("LOCK_TABLE_TOO_SMALL");
    }

    @Test
    void diskHeadroomMeasuredTooLowStatedTooLowAndStatedEnough() throws Exception {
        assumeTrue(db.server().kind().equals("embedded"), "the data folder is local only for the embedded server");
        Optional<Path> data = Optional.of(EmbeddedPostgresServer.shared().dataDirectory());

        StepResult measuredLow = run(EnvironmentCheck.builder().dataDirectory(data)
                .thresholds(EnvironmentThresholds.defaults().withDiskHeadroomRatio(1e9)));
        assertThat(measuredLow.status()).isEqualTo(StepStatus.FAILED);
        assertThat(codes(measuredLow)).containsExactly("DISK_HEADROOM");
        assertThat(measuredLow.summary()).contains("disk headroom BELOW 100000000000% (measured)");

        StepResult statedLow = run(EnvironmentCheck.builder().dataDirectory(data).statedDiskFreeBytes(Optional.of(1L)));
        assertThat(codes(statedLow)).containsExactly("DISK_HEADROOM");
        assertThat(statedLow.metrics()).containsEntry("disk_source", "stated").containsEntry("measured.disk_free_bytes", 1L);
        assertThat(statedLow.findings().get(0).proof().get(0)).matches("free 1 bytes \\(stated by the user, lower than the measured \\d+ bytes\\)");

        StepResult statedRemote = run(EnvironmentCheck.builder().statedDiskFreeBytes(LOTS));
        assertThat(statedRemote.status()).isEqualTo(StepStatus.PASSED);
        assertThat(statedRemote.summary()).endsWith("disk headroom ok, at least 150% (stated)");
    }

    @Test
    void diskHeadroomThatCannotBeReadAndWasNotStatedIsIncompleteNeverPassed() throws Exception {
        StepResult r = run(EnvironmentCheck.builder());
        assertThat(r.status()).isEqualTo(StepStatus.INCOMPLETE);
        assertThat(r.passed()).isFalse();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DISK_HEADROOM_UNKNOWN");
            assertThat(f.fails()).isTrue();
            assertThat(f.message()).contains("--disk-free 40GB", "diskFree", "no local data folder");
        });
        assertThat(r.summary()).endsWith("disk headroom UNKNOWN (state --disk-free); failing: DISK_HEADROOM_UNKNOWN");
        assertThat(r.metrics()).containsEntry("disk_source", "unknown").doesNotContainKey("measured.disk_free_bytes");

        StepResult unreadable = run(EnvironmentCheck.builder().dataDirectory(Optional.of(Path.of("/no/such/stagegate/dir"))));
        assertThat(unreadable.status()).isEqualTo(StepStatus.INCOMPLETE);
        assertThat(unreadable.findings().get(0).message()).contains("cannot read free space of /no/such/stagegate/dir");
    }

    @Test
    void profileVariablesAreInTheMetricsMaskedAndNotInTheSummary() throws Exception {
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        vars.put("SUPABASE_URL", "https://staging.example.supabase.co");
        vars.put("SUPABASE_SERVICE_ROLE_KEY", "eyJhbGciOi.service");
        vars.put("DATABASE_URL", "postgresql://app:s3cret-pw@staging-db:5432/c2pro");
        vars.put("DB_PASSWORD", "x");
        vars.put("API_TOKEN", "tok-123");
        vars.put("CLIENT_SECRET", "abc");
        vars.put("NOTE", "the pw is hunter22, do not share");
        vars.put("ENVIRONMENT", "staging");
        vars.put("EMPTY_ONE", "");
        StepResult r = run(quiet().profileVariables(vars, List.of("hunter22", "s3cret-pw")));
        assertThat(r.metrics()).containsEntry("profile.SUPABASE_URL", "https://staging.example.supabase.co")
                .containsEntry("profile.SUPABASE_SERVICE_ROLE_KEY", "****")
                .containsEntry("profile.DATABASE_URL", "postgresql://****@staging-db:5432/c2pro")
                .containsEntry("profile.DB_PASSWORD", "****")
                .containsEntry("profile.API_TOKEN", "****")
                .containsEntry("profile.CLIENT_SECRET", "****")
                .containsEntry("profile.NOTE", "the pw is ****, do not share")
                .containsEntry("profile.ENVIRONMENT", "staging")
                .containsEntry("profile.EMPTY_ONE", "(empty)");
        assertThat(r.metrics().toString()).doesNotContain("hunter22", "s3cret-pw", "eyJhbGciOi", "tok-123");
        assertThat(r.summary()).doesNotContain("SUPABASE", "staging");
    }

    @Test
    void aBrokenConnectionIsAnErrorResultNotAPass() throws Exception {
        Connection c = db.connect();
        ServerInfo info = info(c);
        c.close();
        StepResult r = quiet().build().run(c, info);
        assertThat(r.status()).isEqualTo(StepStatus.ERROR);
        assertThat(r.passed()).isFalse();
        assertThat(r.summary()).startsWith("could not read the server's state (SQLSTATE ");
    }

    private static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Polls (bounded) until the backend is in the state; no timing assertion. */
    private static void awaitState(Connection watcher, int pid, String state) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (Statement st = watcher.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT state FROM pg_stat_activity WHERE pid = " + pid)) {
                if (rs.next() && state.equals(rs.getString(1))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("backend " + pid + " never reached state " + state);
    }

    private static Connection connectAs(String role) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", role);
        return DriverManager.getConnection(db.jdbcUrl(), p);
    }
}
