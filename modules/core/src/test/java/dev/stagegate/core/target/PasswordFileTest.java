package dev.stagegate.core.target;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The password file as libpq reads it, by stagegate alone (sweep G01-G04): a file others can read is
 * ignored and really not used (pgjdbc's own reader is switched off), a private one is used and
 * named as the source, a malformed line is one clear error that never quotes the line.
 */
class PasswordFileTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path home;

    @BeforeAll
    static void roleWithPassword() throws Exception {
        db.execute("DROP ROLE IF EXISTS sg_pgpass_role; CREATE ROLE sg_pgpass_role LOGIN PASSWORD 'PgpassPw_1'");
        EmbeddedPostgresServer.shared().requirePasswordFor("sg_pgpass_role");
    }

    private Path pgpass(String mode, String content) throws Exception {
        Path f = home.resolve(".pgpass");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private Target resolve() {
        String url = "postgresql://sg_pgpass_role@" + db.server().host() + ":" + db.server().port() + "/" + db.name();
        return new TargetResolver(new Environment(Map.of(), home, "osuser"), Map.of(), "none").resolve(url, null);
    }

    @Test
    void aFileOthersCanReadIsIgnoredAndReallyNotUsed() throws Exception {
        pgpass("rw-r--r--", "*:*:*:sg_pgpass_role:PgpassPw_1\n");
        Target t = resolve();
        assertThat(t.notes()).singleElement().asString().contains("has group or world access and is ignored");
        assertThat(t.hasPassword()).isFalse();
        String userHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            // pgjdbc would read user.home/.pgpass itself; it must not
            assertThatThrownBy(() -> Connector.open(Connector.materialize(t)).close()).isInstanceOfSatisfying(StagegateException.class,
                    e -> assertThat(e.code()).isIn(ErrorCode.AUTH_FAILED, ErrorCode.AUTH_REJECTED, ErrorCode.CONNECTION_FAILED));
        } finally {
            System.setProperty("user.home", userHome);
        }
    }

    @Test
    void aPrivateFileIsUsedAndNamedAsTheSource() throws Exception {
        Path f = pgpass("rw-------", "*:*:*:sg_pgpass_role:PgpassPw_1\n");
        Target t = resolve();
        assertThat(t.passwordSource()).isEqualTo(f.toString());
        Connector.open(t).close();
    }

    @Test
    void homeIsTheHomeVariableAsForLibpq() {
        // sweep G06: a .pgpass found only through $HOME was ignored (Java's passwd home was used)
        assertThat(Environment.of(Map.of("HOME", home.toString()), "/somewhere/else", "u").home()).isEqualTo(home);
        assertThat(Environment.of(Map.of(), "/somewhere/else", "u").home()).isEqualTo(Path.of("/somewhere/else"));
    }

    @Test
    void aMalformedLineIsOneErrorThatNeverQuotesIt() throws Exception {
        pgpass("rw-------", "# comment\nhost:5432\n*:*:*:sg_pgpass_role:PgpassPw_1\n");
        assertThatThrownBy(this::resolve).isInstanceOfSatisfying(StagegateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID);
            assertThat(e.getMessage()).contains("line 2 is not hostname:port:database:username:password").doesNotContain("host:5432");
        });
    }
}
