package dev.stagegate.migration.engine;

import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database another tool migrated is adopted at the version its history reached, without a hand-typed
 * --baseline; one whose history does not match the files is refused; --baseline none and rollback --to none.
 */
class ForeignAdoptionTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    private MigrationSet diesel() throws Exception {
        Path dir = tmp.resolve("diesel");
        for (String[] m : new String[][]{{"2024-01-01-120000_accounts", "CREATE TABLE accounts (id bigint PRIMARY KEY);", "DROP TABLE accounts;"},
                {"2024-02-01-120000_invoices", "CREATE TABLE invoices (id bigint PRIMARY KEY);", "DROP TABLE invoices;"},
                {"2024-03-01-120000_payments", "CREATE TABLE payments (id bigint PRIMARY KEY);", "DROP TABLE payments;"}}) {
            Files.createDirectories(dir.resolve(m[0]));
            Files.writeString(dir.resolve(m[0]).resolve("up.sql"), m[1]);
            Files.writeString(dir.resolve(m[0]).resolve("down.sql"), m[2]);
        }
        return MigrationSource.read(dir);
    }

    @Test
    void dieselsHistoryIsAdoptedAndOnlyWhatItDidNotApplyRuns() throws Exception {
        db.execute("CREATE DATABASE adopt_diesel");
        try (Connection c = db.server().connect("adopt_diesel")) {
            // what diesel itself leaves after running the first two
            c.createStatement().execute("CREATE TABLE __diesel_schema_migrations (version varchar(50) PRIMARY KEY, run_on timestamp NOT NULL DEFAULT now());"
                    + "INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101120000'), ('20240201120000');"
                    + "CREATE TABLE accounts (id bigint PRIMARY KEY); CREATE TABLE invoices (id bigint PRIMARY KEY);");
            List<String> lines = new ArrayList<>();
            try (MigrationEngine engine = new MigrationEngine(c, diesel(), EngineOptions.defaults(), e -> lines.add(e.line()))) {
                MigrationRun run = engine.migrate(null);
                assertThat(run.failure()).isNull();
                assertThat(run.completed()).extracting(m -> m.version()).containsExactly("20240301120000");
                assertThat(lines).anySatisfy(l -> assertThat(l).contains("Adopted the history of diesel (__diesel_schema_migrations) with 2 migration(s) "
                        + "up to 20240201120000"));
                // everything back, to before the first
                MigrationRun none = engine.rollback("none");
                assertThat(none.failure()).isNull();
                assertThat(db.server().connect("adopt_diesel").createStatement().executeQuery("SELECT to_regclass('accounts') IS NULL")
                        .next()).isTrue();
                assertThat(engine.status().applied()).isEmpty();
            }
        }
    }

    @Test
    void aHistoryThatDoesNotMatchTheFilesOrIsDirtyIsRefusedAndBaselineNoneRunsOverPrerequisites() throws Exception {
        db.execute("CREATE DATABASE adopt_golang");
        try (Connection c = db.server().connect("adopt_golang")) {
            c.createStatement().execute("CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);"
                    + "INSERT INTO schema_migrations VALUES (20240201120000, true);");
            try (MigrationEngine engine = new MigrationEngine(c, diesel(), EngineOptions.defaults(), e -> { })) {
                assertThatThrownBy(() -> engine.migrate(null)).isInstanceOf(StagegateException.class)
                        .hasMessageContaining("golang-migrate marked its last migration dirty");
            }
            c.createStatement().execute("UPDATE schema_migrations SET version = 20990101000000, dirty = false");
            try (MigrationEngine engine = new MigrationEngine(c, diesel(), EngineOptions.defaults(), e -> { })) {
                assertThatThrownBy(() -> engine.migrate(null)).isInstanceOf(StagegateException.class)
                        .hasMessageContaining("has applied 20990101000000, which no file in");
                assertThatThrownBy(() -> engine.migrate(null, true)).isInstanceOf(StagegateException.class)
                        .hasMessageContaining("--baseline none says nothing is applied");
            }
        }
        db.execute("CREATE DATABASE adopt_none");
        try (Connection c = db.server().connect("adopt_none")) {
            // a prerequisite made by hand: refused as a database of unknown history, unless --baseline none says so
            c.createStatement().execute("CREATE TABLE settings (k text PRIMARY KEY)");
            try (MigrationEngine engine = new MigrationEngine(c, diesel(), EngineOptions.defaults(), e -> { })) {
                assertThatThrownBy(() -> engine.migrate(null)).isInstanceOf(StagegateException.class).hasMessageContaining("--baseline none");
                MigrationRun run = engine.migrate(null, true);
                assertThat(run.failure()).isNull();
                assertThat(run.completed()).hasSize(3);
            }
        }
    }

    @Test
    void sqitchsRegistryIsAdoptedByChangeNameInPlanOrder() throws Exception {
        Path dir = tmp.resolve("sqitch");
        Files.createDirectories(dir.resolve("deploy"));
        Files.createDirectories(dir.resolve("revert"));
        Files.writeString(dir.resolve("sqitch.plan"), "%project=billing\naccounts 2024-01-01T12:00:00Z A <a@x>\n"
                + "invoices [accounts] 2024-01-02T12:00:00Z A <a@x>\npayments 2024-01-03T12:00:00Z A <a@x>\n");
        for (String t : List.of("accounts", "invoices", "payments")) {
            Files.writeString(dir.resolve("deploy/" + t + ".sql"), "BEGIN;\nCREATE TABLE " + t + " (id bigint PRIMARY KEY);\nCOMMIT;\n");
            Files.writeString(dir.resolve("revert/" + t + ".sql"), "BEGIN;\nDROP TABLE " + t + ";\nCOMMIT;\n");
        }
        db.execute("CREATE DATABASE adopt_sqitch");
        try (Connection c = db.server().connect("adopt_sqitch")) {
            // the part of Sqitch's registry stagegate reads, as `sqitch deploy --to invoices` leaves it
            c.createStatement().execute("CREATE SCHEMA sqitch; CREATE TABLE sqitch.changes (change_id text PRIMARY KEY, change text NOT NULL, "
                    + "project text NOT NULL, committed_at timestamptz NOT NULL);"
                    + "INSERT INTO sqitch.changes VALUES ('a1', 'accounts', 'billing', '2024-05-01 10:00Z'), ('b2', 'invoices', 'billing', '2024-05-01 10:01Z'),"
                    // another project deployed on the same database shares the registry: not this plan's
                    + " ('o1', 'thing', 'other', '2024-05-01 09:00Z');"
                    + "CREATE TABLE accounts (id bigint PRIMARY KEY); CREATE TABLE invoices (id bigint PRIMARY KEY);");
            List<String> lines = new ArrayList<>();
            try (MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(dir), EngineOptions.defaults(), e -> lines.add(e.line()))) {
                MigrationRun run = engine.migrate(null);
                assertThat(run.failure()).isNull();
                assertThat(run.completed()).extracting(m -> m.version()).containsExactly("3");
                assertThat(lines).anySatisfy(l -> assertThat(l).contains("Adopted the history of Sqitch (sqitch.changes of project billing) with 2 migration(s) up to 2"));
            }
            // a registry whose changes are not the plan's first ones is refused, naming the mismatch
            db.execute("CREATE DATABASE adopt_sqitch_other");
            try (Connection o = db.server().connect("adopt_sqitch_other")) {
                o.createStatement().execute("CREATE SCHEMA sqitch; CREATE TABLE sqitch.changes (change_id text PRIMARY KEY, change text NOT NULL, "
                        + "project text NOT NULL, committed_at timestamptz NOT NULL);"
                        + "INSERT INTO sqitch.changes VALUES ('b2', 'invoices', 'billing', '2024-05-01 10:01Z');");
                try (MigrationEngine engine = new MigrationEngine(o, MigrationSource.read(dir), EngineOptions.defaults(), e -> { })) {
                    assertThatThrownBy(() -> engine.migrate(null)).isInstanceOf(StagegateException.class)
                            .hasMessageContaining("deployed invoices as change 1, where sqitch.plan has accounts");
                }
            }
        }
    }
}
