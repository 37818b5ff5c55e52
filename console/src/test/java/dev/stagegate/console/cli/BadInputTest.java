package dev.stagegate.console.cli;

import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad input ends in one line naming the problem and the fix, its exit code, no stack trace, no password. */
class BadInputTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    private static void assertOneLine(CliRun run, int exitCode, String code, String... mentions) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.err().lines().filter(l -> !l.isBlank() && !l.startsWith("warning:"))).as(run.err()).hasSize(1);
        assertThat(run.errorLine()).startsWith("error " + code + ": ").contains(mentions);
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.err() + run.out()).doesNotContain("sekr1t-pw");
    }

    private Path config(String text) throws Exception {
        Path file = tmp.resolve("stagegate-config.groovy");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void unreachableHost() {
        assertOneLine(CliRun.of("snapshot", "--url", "jdbc:postgresql://no-such-host.invalid:5432/db?password=sekr1t-pw"),
                3, "SG-HOST-UNKNOWN", "no-such-host.invalid");
    }

    @Test
    void wrongPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertOneLine(CliRun.of("snapshot", "--url", "postgresql://u:sekr1t-pw@127.0.0.1:" + port + "/db"),
                3, "SG-CONN-REFUSED", "127.0.0.1:" + port, "check that PostgreSQL runs there");
    }

    @Test
    void wrongPassword() throws Exception {
        db.execute("DROP ROLE IF EXISTS sg_cli_pw; CREATE ROLE sg_cli_pw LOGIN PASSWORD 'right-pw'");
        EmbeddedPostgresServer.shared().requirePasswordFor("sg_cli_pw");
        assertOneLine(CliRun.of("snapshot", "--url", "postgresql://sg_cli_pw:sekr1t-pw@127.0.0.1:" + db.server().port()
                + "/" + db.name()), 3, "SG-AUTH-FAILED", "sg_cli_pw", "from the URL");
    }

    @Test
    void missingDatabase() {
        assertOneLine(CliRun.of("snapshot", "--url", "jdbc:postgresql://" + db.server().host() + ":" + db.server().port()
                + "/no_such_database?user=" + db.user()), 3, "SG-DB-MISSING", "'no_such_database'", "create it");
    }

    @Test
    void aServerThatIsNotPostgres() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    try (Socket s = server.accept()) {
                        s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            assertOneLine(CliRun.of("snapshot", "--url", "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/db"),
                    3, "SG-NOT-POSTGRES", "does not speak the PostgreSQL protocol");
        }
    }

    @Test
    void aListenerThatNeverAnswersNamesBothTimeoutsRatherThanAWrongOne() throws Exception {
        // sweep T03/T04: "no answer within 10 s" after about 5 s, from a port that did answer
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try {
                    Socket s = server.accept();
                    Thread.sleep(10_000);
                    s.close();
                } catch (Exception e) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
            assertOneLine(CliRun.of("snapshot", "--url", "jdbc:postgresql://127.0.0.1:" + server.getLocalPort()
                    + "/db?connectTimeout=1&loginTimeout=2&sslmode=disable"), 3, "SG-CONN-TIMEOUT", "connect timeout 1 s, login timeout 2 s");
        }
    }

    @Test
    void malformedUrl() {
        assertOneLine(CliRun.of("snapshot", "--url", "jdbc:mysql://localhost/db?password=sekr1t-pw"),
                2, "SG-URL-MALFORMED", "jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void unknownProfile() throws Exception {
        Path file = config("environments { staging { target { url = 'jdbc:postgresql://h/db' } } }\n");
        assertOneLine(CliRun.of("snapshot", "--config", file.toString(), "--env", "prod"),
                2, "SG-PROFILE-UNKNOWN", "'prod'", "embedded, staging", file.toString());
    }

    @Test
    void configFileWithASyntaxError() throws Exception {
        Path file = config("environments {\n  staging {\n    target { url = 'jdbc:postgresql://h/db' \n  }\n");
        CliRun run = CliRun.of("snapshot", "--config", file.toString(), "--env", "staging");
        assertOneLine(run, 2, "SG-CONFIG-SYNTAX", file.toString(), "line ");
    }

    @Test
    void missingConfigFile() {
        assertOneLine(CliRun.of("snapshot", "--config", tmp.resolve("nope.groovy").toString(), "--env", "staging"),
                2, "SG-CONFIG-MISSING", "nope.groovy");
    }

    @Test
    void profileFromAConfigFileConnectsWithItsPasswordVariable() throws Exception {
        Path file = config("environments {\n  'local-staging' {\n    target {\n      host = '" + db.server().host()
                + "'\n      port = " + db.server().port() + "\n      database = '" + db.name() + "'\n      user = '"
                + db.user() + "'\n    }\n  }\n}\n");
        CliRun run = CliRun.of("snapshot", "--config", file.toString(), "--env", "local-staging");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("local-staging: " + db.user() + "@");
    }

    @Test
    void unknownExample() {
        assertOneLine(CliRun.of("snapshot", "--example", "nope"), 2, "SG-EXAMPLE-UNKNOWN", "c2pro");
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun run = CliRun.of("snapshot", "--debug", "--url", "jdbc:postgresql://no-such-host.invalid/db");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("\tat ");
    }
}
