package dev.stagegate.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresServerTest {

    @Test
    void startsARealPostgres15AndCreatesDatabasesFromATemplate() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version_num")) {
            rs.next();
            assertThat(rs.getInt(1) / 10000).isEqualTo(EmbeddedPostgresServer.MAJOR_VERSION);
        }
        server.createDatabase("tpl_a", null);
        try (Connection c = server.connect("tpl_a"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE marker(id int)");
        }
        server.createDatabase("copy_of_a", "tpl_a");
        try (Connection c = server.connect("copy_of_a"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'marker'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        server.dropDatabase("copy_of_a");
        server.dropDatabase("tpl_a");
    }

    @Test
    void theSharedTestServerIsAThrowawayClusterWithDurabilityOff() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty(EmbeddedPostgresServer.DIR_PROPERTY) == null
                && System.getenv("STAGEGATE_EMBEDDED_DIR") == null, "tests run on a throwaway cluster");
        assertThat(server.durable()).isFalse();
        assertThat(settings(server)).isEqualTo("off off off");
    }

    @Test
    void aClusterKeptOnDiskRunsWithFsyncOn(@TempDir Path parent) throws Exception {
        Path kept = parent.resolve("embedded-pg15");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(kept)) {
            assertThat(server.durable()).isTrue();
            assertThat(server.dataDirectory()).isEqualTo(kept);
            assertThat(settings(server)).isEqualTo("on on on");
            server.createDatabase("kept_db", null);
        }
        assertThat(kept.resolve("PG_VERSION")).exists();
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(kept);
             Connection c = again.connect("kept_db"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database(), current_setting('fsync')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("kept_db");
            assertThat(rs.getString(2)).isEqualTo("on");
        }
        assertThat(EmbeddedPostgresServer.serverConfig(true)).containsEntry("fsync", "on").containsEntry("full_page_writes", "on");
        assertThat(EmbeddedPostgresServer.serverConfig(false)).containsEntry("fsync", "off");
    }

    private static String settings(EmbeddedPostgresServer server) throws Exception {
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')")) {
            rs.next();
            return rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3);
        }
    }

    @Test
    void requirePasswordForRejectsARoleNameThatWouldBreakPgHba() {
        assertThatThrownBy(() -> EmbeddedPostgresServer.shared().requirePasswordFor("x\nhost all all 0.0.0.0/0 trust"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requirePasswordForRejectsAWrongPassword() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS pw_probe");
            st.execute("CREATE ROLE pw_probe LOGIN PASSWORD 'right-one'");
        }
        server.requirePasswordFor("pw_probe");
        String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "pw_probe", "wrong-one"))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
        try (Connection ok = DriverManager.getConnection(url, "pw_probe", "right-one")) {
            assertThat(ok.isValid(2)).isTrue();
        }
    }
}
