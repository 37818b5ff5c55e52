package dev.stagegate.migration.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.core.target.Target;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Backups with the real pg_dump against the embedded server: a verified file and its metadata, a
 * restore test that compares schema, counts and content, a truncated dump that {@code --list}
 * accepts and the full read refuses, a failed dump that leaves no file, and no tools (exit 3).
 * Skipped only where pg_dump is missing and STAGEGATE_REQUIRE_PG_TOOLS is unset (CI sets it).
 */
class BackupTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    static Target live;
    static PgTools tools;
    static ServerInfo server;

    @BeforeAll
    static void source() throws Exception {
        db.execute("""
                CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);
                CREATE TABLE notes (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), body text);
                INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 50) g;
                INSERT INTO notes SELECT g, 1 + g % 50, repeat('note ', g % 7) FROM generate_series(1, 2000) g;
                """);
        URI u = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        live = Target.builder("test").host(u.getHost()).port(u.getPort()).database(db.name()).user(db.user()).password(db.password(), "test").build();
        try (Connection c = Connector.open(live)) {
            server = Connector.probe(c, live);
        }
        try {
            tools = PgTools.find(server.major());
        } catch (StagegateException e) {
            if (System.getenv("STAGEGATE_REQUIRE_PG_TOOLS") != null) {
                throw new AssertionError("pg_dump is required here (STAGEGATE_REQUIRE_PG_TOOLS): " + e.getMessage(), e);
            }
            assumeTrue(false, "no pg_dump: " + e.getMessage());
        }
    }

    private Backup.Result backup(String label) throws Exception {
        try (Connection c = Connector.open(live)) {
            return Backup.run(live, server, new CatalogReader(c).read(false), dir, label, tools);
        }
    }

    @Test
    void aBackupIsVerifiedAndDescribedAndItsRestoreEqualsTheSource() throws Exception {
        Backup.Result r = backup("pre_migration");
        assertThat(r.file().getFileName().toString()).matches("pre_migration_\\d{8}_\\d{6}\\.dump");
        assertThat(r.bytes()).isPositive();
        JsonNode meta = Json.mapper().readTree(dir.resolve(r.file().getFileName() + ".metadata").toFile());
        assertThat(meta.get("sha256").asText()).isEqualTo(Backup.sha256(r.file())).hasSize(64);
        assertThat(meta.get("pg_dump_version").asText()).contains("PostgreSQL) " + tools.major());
        assertThat(meta.get("server_version").asText()).contains("PostgreSQL");
        assertThat(meta.get("objects").get("tables").asLong()).isEqualTo(2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
        try (Connection c = Connector.open(live)) {
            RestoreCheck.Result restored = RestoreCheck.run(c, live, r.file(), tools);
            assertThat(restored.differences()).isEmpty();
            assertThat(restored.equal()).isTrue();
            assertThat(restored.tables()).isEqualTo(2);
        }
    }

    @Test
    void withARestoreTestTheDumpIsRestoredBeforeItIsNamedDone() throws Exception {
        try (Connection c = Connector.open(live)) {
            Backup.Result r = Backup.run(live, server, new CatalogReader(c).read(false), dir, "checked", tools, c);
            assertThat(r.restore()).isNotNull();
            assertThat(r.restore().equal()).as(r.restore().differences().toString()).isTrue();
            assertThat(r.restore().tables()).isEqualTo(2);
            JsonNode meta = Json.mapper().readTree(dir.resolve(r.file().getFileName() + ".metadata").toFile());
            assertThat(meta.get("verified").asText()).contains("restore into a scratch database").contains("equal");
        }
    }

    @Test
    void aDatabaseOfAnotherEncodingWithItsOwnOutputSettingsRestoresEqual() throws Exception {
        try (Connection c = db.connect(); var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS sg_backup_latin");
            st.execute("CREATE DATABASE sg_backup_latin ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
            st.execute("ALTER DATABASE sg_backup_latin SET bytea_output = 'escape'");
        }
        Target latin = live.withDatabase("sg_backup_latin");
        try (Connection c = Connector.open(latin); var st = c.createStatement()) {
            st.execute("CREATE TABLE l (id int PRIMARY KEY, t text, b bytea)");
            st.execute("INSERT INTO l VALUES (1, 'héllo ÿ', '\\x00ff'::bytea)");
            Backup.Result r = Backup.run(latin, server, new CatalogReader(c).read(false), dir, "latin", tools, c);
            assertThat(r.restore().differences()).isEmpty();
            assertThat(r.restore().equal()).isTrue();
        }
    }

    @Test
    void withoutTheRightToCreateADatabaseTheRestoreTestIsNotTestedAndTheDumpKept() throws Exception {
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sg_backup_reader') THEN "
                + "CREATE ROLE sg_backup_reader LOGIN NOCREATEDB; END IF; END $$; GRANT SELECT ON ALL TABLES IN SCHEMA public TO sg_backup_reader");
        Target reader = Target.builder("reader").host(live.host()).port(live.port()).database(live.database()).user("sg_backup_reader").build();
        try (Connection c = Connector.open(reader)) {
            Backup.Result r = Backup.run(reader, server, new CatalogReader(c).read(false), dir, "reader", tools, c);
            assertThat(r.restore().ran()).isFalse();
            assertThat(r.restore().differences()).singleElement().satisfies(d -> assertThat(d).contains("needs CREATEDB"));
            assertThat(Files.exists(r.file())).isTrue();
        }
    }

    @Test
    void aLiveSourceIsComparedAsTheDumpSawIt() throws Exception {
        Path dump = dir.resolve("live.dump");
        try (Connection holder = Connector.open(live); Connection c = Connector.open(live)) {
            holder.setAutoCommit(false);
            holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshot;
            try (var st = holder.createStatement(); var rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            assertThat(PgProcess.run(live, live.database(), tools.pgDump(), "-Fc", "--snapshot=" + snapshot, "-f", dump.toString()).ok()).isTrue();
            // the application writes on after the dump's snapshot
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO notes VALUES (900001, 1, 'written after the dump started')");
            }
            assertThat(RestoreCheck.run(c, holder, live, dump, tools).equal()).isTrue();
            // read now instead, the same dump looks different: why the snapshot is shared
            assertThat(RestoreCheck.run(c, live, dump, tools).differences()).anySatisfy(d -> assertThat(d).contains("rows of public.notes"));
            holder.rollback();
            try (var st = c.createStatement()) {
                st.execute("DELETE FROM notes WHERE id = 900001");
            }
        }
    }

    @Test
    void sequencesCommentsPrivilegesAndMaterializedViewsAreComparedToo() throws Exception {
        try (Connection c = db.connect(); var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS sg_backup_rich");
            st.execute("CREATE DATABASE sg_backup_rich");
        }
        Target rich = live.withDatabase("sg_backup_rich");
        try (Connection c = Connector.open(rich); var st = c.createStatement()) {
            st.execute("CREATE SEQUENCE counter; SELECT setval('counter', 777)");
            st.execute("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            st.execute("COMMENT ON TABLE t IS 'the only table'");
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sg_backup_viewer') THEN CREATE ROLE sg_backup_viewer; "
                    + "END IF; END $$; GRANT SELECT ON t TO sg_backup_viewer");
            st.execute("CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM t");
            Path whole = dir.resolve("rich.dump");
            assertThat(PgProcess.run(rich, rich.database(), tools.pgDump(), "-Fc", "-f", whole.toString()).ok()).isTrue();
            assertThat(RestoreCheck.run(c, rich, whole, tools).differences()).isEmpty();
            // dumps that lose them: each loss is named
            Path lossy = dir.resolve("lossy.dump");
            assertThat(PgProcess.run(rich, rich.database(), tools.pgDump(), "-Fc", "--no-comments", "--no-privileges",
                    "--exclude-table-data=counter", "--exclude-table-data=mv", "-f", lossy.toString()).ok()).isTrue();
            assertThat(RestoreCheck.run(c, rich, lossy, tools).differences()).anySatisfy(d -> assertThat(d).startsWith("sequence public.counter"))
                    .anySatisfy(d -> assertThat(d).startsWith("comment on table t"))
                    .anySatisfy(d -> assertThat(d).startsWith("privileges of public.t"))
                    .anySatisfy(d -> assertThat(d).startsWith("materialized view public.mv"));
        }
    }

    @Test
    void twoBackupsInOneSecondNeverOverwriteEachOther() throws Exception {
        Backup.Result a = backup("twice");
        Backup.Result b = backup("twice");
        assertThat(a.file()).isNotEqualTo(b.file());
        assertThat(Files.exists(a.file())).isTrue();
        assertThat(Files.exists(b.file())).isTrue();
    }

    @Test
    void aTruncatedDumpPassesListButNotTheFullRead() throws Exception {
        Backup.Result r = backup("whole");
        Path cut = dir.resolve("cut.dump");
        byte[] bytes = Files.readAllBytes(r.file());
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        // what --list alone would have accepted
        assertThat(PgProcess.run(live, live.database(), tools.pgRestore(), "--list", cut.toString()).ok()).isTrue();
        assertThatThrownBy(() -> Backup.verify(live, cut, tools)).isInstanceOf(StagegateException.class)
                .hasMessageContaining("the dump is incomplete");
    }

    @Test
    void aFailedDumpLeavesNoFileThatLooksComplete() throws Exception {
        Target missing = live.withDatabase("sg_no_such_database");
        try (Connection c = Connector.open(live)) {
            var snapshot = new CatalogReader(c).read(false);
            assertThatThrownBy(() -> Backup.run(missing, server, snapshot, dir, "broken", tools))
                    .isInstanceOf(StagegateException.class).hasMessageContaining("pg_dump failed").hasMessageContaining("sg_no_such_database");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void noToolsOfTheServersMajorIsOneLineNamingThePackage() {
        assertThatThrownBy(() -> PgTools.find(15, List.of(dir))).isInstanceOf(StagegateException.class)
                .hasMessageContaining("install postgresql-client-15")
                .satisfies(e -> assertThat(((StagegateException) e).code().exitCode().code()).isEqualTo(3));
        assertThatThrownBy(() -> PgTools.find(99)).isInstanceOf(StagegateException.class).hasMessageContaining("found: ");
    }
}
