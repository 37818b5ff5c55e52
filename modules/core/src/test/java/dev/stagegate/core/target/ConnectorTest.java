package dev.stagegate.core.target;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Target target(String host, int port, String database, String user, String password) {
        Target.Builder b = Target.builder("test").host(host).port(port).database(database).user(user)
                .parameter("connectTimeout", "5");
        if (password != null) {
            b.password(password, "test");
        }
        return b.build();
    }

    private static void assertFailure(Target target, ErrorCode expected, String... mentions) {
        assertThatThrownBy(() -> Connector.open(target).close())
                .isInstanceOfSatisfying(StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(expected);
                    assertThat(e.oneLine()).doesNotContain("\n").contains(mentions);
                    target.secrets().forEach(s -> assertThat(e.oneLine()).doesNotContain(s));
                });
    }

    @Test
    void connectsAndProbesTheServer() throws Exception {
        Target t = target(db.server().host(), db.server().port(), db.name(), db.user(), db.password());
        try (Connection c = Connector.open(t)) {
            ServerInfo info = Connector.probe(c, t);
            assertThat(info.major()).isEqualTo(db.server().majorVersion());
            assertThat(info.versionNum() / 10000).isEqualTo(info.major());
            assertThat(info.version()).startsWith("PostgreSQL " + info.major() + ".");
            assertThat(info.database()).isEqualTo(db.name());
            assertThat(info.user()).isEqualTo(db.user());
            boolean superuser = db.queryLong("SELECT count(*) FROM pg_roles WHERE rolname = current_user AND rolsuper") == 1;
            assertThat(info.superuser()).isEqualTo(superuser);
            if (db.server().kind().equals("embedded")) {
                assertThat(info.superuser()).isTrue();
                assertThat(info.bypassRls()).isTrue();
            }
        }
    }

    @Test
    void probeReportsANonSuperuserAsSuch() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(db.server().kind().equals("embedded"), "trust login needs the embedded server");
        db.execute("DROP ROLE IF EXISTS sg_plain_user; CREATE ROLE sg_plain_user LOGIN");
        try {
            Target t = target(db.server().host(), db.server().port(), db.name(), "sg_plain_user", null);
            try (Connection c = Connector.open(t)) {
                ServerInfo info = Connector.probe(c, t);
                assertThat(info.user()).isEqualTo("sg_plain_user");
                assertThat(info.superuser()).isFalse();
                assertThat(info.bypassRls()).isFalse();
            }
        } finally {
            db.execute("DROP ROLE IF EXISTS sg_plain_user");
        }
    }

    @Test
    void theVersionRuleRejectsServersBelowTwelveAndNamesTheServer() {
        Target t = target("staging-db", 5432, "c2pro", "u", "pw-not-shown");
        assertThatThrownBy(() -> Connector.requireSupportedVersion(110022, t))
                .isInstanceOfSatisfying(StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SERVER_TOO_OLD);
                    assertThat(e.oneLine()).contains("staging-db:5432/c2pro", "PostgreSQL 11", "12 or newer")
                            .doesNotContain("pw-not-shown");
                });
        assertThatThrownBy(() -> Connector.requireSupportedVersion(90624, t))
                .isInstanceOfSatisfying(StagegateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_TOO_OLD));
        Connector.requireSupportedVersion(120000, t);
        Connector.requireSupportedVersion(150019, t);
    }

    @Test
    void unresolvableHost() {
        assertFailure(target("no-such-host.invalid", 5432, "db", "u", null), ErrorCode.HOST_UNKNOWN,
                "no-such-host.invalid", "host name");
    }

    @Test
    void wrongPortWhereNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertFailure(target("127.0.0.1", port, "db", "u", "pw-not-shown"), ErrorCode.CONNECTION_REFUSED,
                "127.0.0.1:" + port, "port");
    }

    @Test
    void wrongPassword() throws Exception {
        try (Connection c = db.connect(); var st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS sg_pw_user");
            st.execute("CREATE ROLE sg_pw_user LOGIN PASSWORD 'the-right-one'");
        }
        dev.stagegate.embedded.EmbeddedPostgresServer.shared().requirePasswordFor("sg_pw_user");
        assertFailure(target("127.0.0.1", db.server().port(), db.name(), "sg_pw_user", "the-wrong-one"),
                ErrorCode.AUTH_FAILED, "sg_pw_user", "PGPASSWORD");
    }

    @Test
    void missingDatabase() {
        assertFailure(target(db.server().host(), db.server().port(), "no_such_db", db.user(), db.password()),
                ErrorCode.DATABASE_MISSING, "no_such_db", "create it");
    }

    @Test
    void aServerThatIsNotPostgres() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                        out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            assertFailure(target("127.0.0.1", server.getLocalPort(), "db", "u", "pw-not-shown"), ErrorCode.NOT_POSTGRES,
                    "PostgreSQL protocol");
            running.set(false);
        }
    }
}
