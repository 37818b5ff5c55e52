package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.source.MigrationSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target in use on another server is copied into the embedded PostgreSQL (the local mirror), not
 * onto the target's server: its roles are made there without passwords so ownership and grants
 * restore, the copy equals the target, and the target's server gets no database of ours.
 */
class EmbeddedMirrorTest {

    @TempDir
    Path tmp;

    @Test
    void aSourceInUseOnAnotherServerIsRehearsedInTheEmbeddedMirror() throws Exception {
        try {
            dev.stagegate.migration.backup.PgTools.find(EmbeddedPostgresServer.MAJOR_VERSION);
        } catch (dev.stagegate.core.error.StagegateException e) {
            if (System.getenv("STAGEGATE_REQUIRE_PG_TOOLS") != null) {
                throw new AssertionError("pg_dump is required here (STAGEGATE_REQUIRE_PG_TOOLS): " + e.getMessage(), e);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no pg_dump on this machine");
        }
        try (EmbeddedPostgresServer other = EmbeddedPostgresServer.start()) {
            other.createDatabase("shop", null);
            Target live = Target.builder("other").host(other.host()).port(other.port()).database("shop")
                    .user(EmbeddedPostgresServer.SUPERUSER).build();
            try (Connection c = Connector.open(live); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE mirror_app NOLOGIN PASSWORD 'never-copied'");
                st.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
                st.execute("INSERT INTO items SELECT g, 'i' || g FROM generate_series(1, 100) g");
                st.execute("GRANT SELECT ON items TO mirror_app");
            }
            MigrationSet set = RehearsalFixtures.folder(tmp.resolve("m"),
                    "001_price.sql", "ALTER TABLE items ADD COLUMN price numeric;\nGRANT UPDATE (price) ON items TO mirror_app;\n",
                    "001_price.rollback.sql", "ALTER TABLE items DROP COLUMN price;\n");
            try (Connection c = Connector.open(live); var engine = new dev.stagegate.migration.engine.MigrationEngine(c, set,
                    EngineOptions.defaults(), e -> { })) {
                engine.baseline("000");
            }
            List<String> out = new ArrayList<>();
            Rehearsal.Result r;
            try (Connection busy = Connector.open(live)) {
                busy.createStatement().execute("SELECT 1");
                r = Rehearsal.run(live, set, EngineOptions.defaults(), Rehearsal.Options.defaults(), out::add);
            }
            assertThat(r.copyStrategy()).isEqualTo("embedded");
            assertThat(r.succeeded()).as(String.valueOf(r.observation().run().failure())).isTrue();
            assertThat(r.target().untouched()).as(r.target().text()).isTrue();
            assertThat(out).anySatisfy(l -> assertThat(l).contains("restored into the embedded PostgreSQL"));
            try (Connection c = Connector.open(live.withDatabase("postgres")); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'sg_rehearsal_%'")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            try (Connection c = EmbeddedPostgresServer.shared().connect("postgres"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT rolcanlogin, rolpassword IS NULL FROM pg_authid WHERE rolname = 'mirror_app'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isFalse();
                assertThat(rs.getBoolean(2)).isTrue();
            }
        }
    }
}
