package dev.stagegate.embedded;

import org.junit.jupiter.api.Test;

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
