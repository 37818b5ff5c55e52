package dev.stagegate.core.target;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetResolverTest {

    @TempDir
    Path home;

    private TargetResolver resolver(Map<String, String> vars, Map<String, Profile> profiles) {
        return new TargetResolver(new Environment(vars, home, "osuser"), profiles, "stagegate.conf");
    }

    @Test
    void jdbcUrlGivesHostPortDatabaseUserAndKeepsPasswordOutOfEveryPrintedForm() {
        Target t = resolver(Map.of(), Map.of())
                .resolve("jdbc:postgresql://db.internal:6543/c2pro?user=app&password=s3cret-pw&sslmode=require", null);
        assertThat(t.host()).isEqualTo("db.internal");
        assertThat(t.port()).isEqualTo(6543);
        assertThat(t.database()).isEqualTo("c2pro");
        assertThat(t.user()).isEqualTo("app");
        assertThat(t.parameters()).containsEntry("sslmode", "require");
        assertThat(t.connectionProperties().getProperty("password")).isEqualTo("s3cret-pw");
        assertThat(t.passwordSource()).isEqualTo("the URL");
        assertThat(t.toString()).doesNotContain("s3cret-pw");
        assertThat(t.describe()).doesNotContain("s3cret-pw");
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/c2pro?sslmode=require");
    }

    @Test
    void aJdbcUrlWithUserinfoIsTakenApartSoNoHostStringHoldsThePassword() {
        // sweep U09, P17: the host became 'relapp:JdbcUserInfo99@127.0.0.1' and was printed
        Target t = resolver(Map.of(), Map.of()).resolve("jdbc:postgresql://relapp:Jdbc%40UserInfo99@127.0.0.1:5496/reldb", null);
        assertThat(t.host()).isEqualTo("127.0.0.1");
        assertThat(t.port()).isEqualTo(5496);
        assertThat(t.user()).isEqualTo("relapp");
        assertThat(t.connectionProperties().getProperty("password")).isEqualTo("Jdbc@UserInfo99");
        assertThat(t.describe() + t + t.jdbcUrl()).doesNotContain("UserInfo99");
    }

    @Test
    void anUnsetPasswordVariableIsAnErrorNamingItNeverANullPassword() {
        // sweep P04, P08: the password became "null", or a raw driver error followed a warning
        Profile rel = new Profile("rel", Map.of("host", "h", "database", "d", "user", "u", "passwordEnv", "NOPE_MISSING_PW"));
        assertThatThrownBy(() -> resolver(Map.of(), Map.of("rel", rel)).resolve(null, "rel"))
                .isInstanceOfSatisfying(dev.stagegate.core.error.StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.stagegate.core.error.ErrorCode.PROFILE_INVALID);
                    assertThat(e.getMessage()).contains("$NOPE_MISSING_PW, which is not set").contains("export NOPE_MISSING_PW");
                });
        Profile stated = new Profile("s", Map.of("host", "h", "database", "d", "user", "u", "diskFree", "40GB"));
        assertThat(resolver(Map.of(), Map.of("s", stated)).resolve(null, "s").diskFree()).contains("40GB");
    }

    @Test
    void aPasswordHoldingAtSlashQuestionMarkHashOrSpacesIsTheUserinfoNotTheHost() {
        // the second sweep: 'postgresql://plain:Pw@Secret/77@host' resolved the host 'Secret'
        for (String pw : List.of("Pw@Secret/77", "Pw@Sec?ret77", "Pw@Sec#ret77", "Pa@ss:w/rd 9", "a+b@c")) {
            Target t = resolver(Map.of(), Map.of()).resolve("postgresql://app:" + pw + "@db.internal:5433/appdb?sslmode=disable", null);
            assertThat(t.host()).as(pw).isEqualTo("db.internal");
            assertThat(t.port()).isEqualTo(5433);
            assertThat(t.database()).isEqualTo("appdb");
            assertThat(t.user()).isEqualTo("app");
            assertThat(t.connectionProperties().getProperty("password")).as(pw).isEqualTo(pw);
            assertThat(t.describe() + t).doesNotContain(pw);
        }
        for (String bad : List.of("postgresql://app:Pa@ss:w/rd 9%40é@127.0.0.1:55433/app db%zz", "postgresql://app:Pw%zz@h/db")) {
            assertThatThrownBy(() -> resolver(Map.of(), Map.of()).resolve(bad, null))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ss:w/rd").doesNotContain("Pw%zz"));
        }
    }

    @Test
    void libpqUriIsAccepted() {
        Target t = resolver(Map.of(), Map.of()).resolve("postgresql://app:p%40ss-word@localhost:5433/app_db?sslmode=disable", null);
        assertThat(t.user()).isEqualTo("app");
        assertThat(t.port()).isEqualTo(5433);
        assertThat(t.database()).isEqualTo("app_db");
        assertThat(t.connectionProperties().getProperty("password")).isEqualTo("p@ss-word");
        assertThat(t.toString()).doesNotContain("p@ss-word");
    }

    @Test
    void malformedUrlIsAUsageErrorThatDoesNotEchoThePassword() {
        assertThatThrownBy(() -> resolver(Map.of(), Map.of()).resolve("jdbc:mysql://h/db?password=hunter22", null))
                .isInstanceOfSatisfying(StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.URL_MALFORMED);
                    assertThat(e.getMessage()).contains("jdbc:postgresql://HOST:PORT/DATABASE").doesNotContain("hunter22");
                });
        assertThatThrownBy(() -> resolver(Map.of(), Map.of()).resolve("jdbc:postgresql://host:notaport/db", null))
                .isInstanceOfSatisfying(StagegateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.URL_MALFORMED));
    }

    @Test
    void libpqEnvironmentVariablesAreUsedWhenNothingElseIsGiven() {
        Target t = resolver(Map.of("PGHOST", "pg.local", "PGPORT", "5544", "PGDATABASE", "staging",
                "PGUSER", "dba", "PGPASSWORD", "from-env"), Map.of()).resolve(null, null);
        assertThat(t.name()).isEqualTo("libpq-env");
        assertThat(t.host()).isEqualTo("pg.local");
        assertThat(t.port()).isEqualTo(5544);
        assertThat(t.user()).isEqualTo("dba");
        assertThat(t.passwordSource()).isEqualTo("$PGPASSWORD");
        assertThat(t.describe()).doesNotContain("from-env");
    }

    @Test
    void pgpassSuppliesThePasswordWithWildcardsAndEscapes() throws Exception {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "# comment\nother:5432:*:dba:nope\npg.local:*:staging:dba:pa\\:ss\\\\word\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Target t = resolver(Map.of("PGHOST", "pg.local", "PGDATABASE", "staging", "PGUSER", "dba"), Map.of())
                .resolve(null, null);
        assertThat(t.connectionProperties().getProperty("password")).isEqualTo("pa:ss\\word");
        assertThat(t.passwordSource()).endsWith(".pgpass");
    }

    @Test
    void pgpassReadableByOthersIsIgnoredWithAWarningAsLibpqDoes() throws Exception {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "*:*:*:*:leaky\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        Target t = resolver(Map.of("PGHOST", "h", "PGDATABASE", "d"), Map.of()).resolve(null, null);
        assertThat(t.hasPassword()).isFalse();
        assertThat(t.notes()).anySatisfy(n -> assertThat(n).contains("chmod 0600"));
    }

    @Test
    void profileResolvesWithPasswordFromTheNamedVariable() {
        Profile staging = new Profile("staging", Map.of("host", "staging-db", "port", "5432", "database", "c2pro_staging",
                "user", "stagegate", "passwordEnv", "STAGING_PW", "params.sslmode", "require"));
        Target t = resolver(Map.of("STAGING_PW", "very-secret"), Map.of("staging", staging)).resolve(null, "staging");
        assertThat(t.name()).isEqualTo("staging");
        assertThat(t.host()).isEqualTo("staging-db");
        assertThat(t.parameters()).containsEntry("sslmode", "require");
        assertThat(t.passwordSource()).isEqualTo("$STAGING_PW");
        assertThat(t.toString()).doesNotContain("very-secret");
    }

    @Test
    void unknownProfileNamesTheKnownOnesAndTheirSource() {
        Profile staging = new Profile("staging", Map.of("url", "jdbc:postgresql://h/db"));
        assertThatThrownBy(() -> resolver(Map.of(), Map.of("staging", staging)).resolve(null, "prod"))
                .isInstanceOfSatisfying(StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROFILE_UNKNOWN);
                    assertThat(e.getMessage()).contains("'prod'").contains("embedded, staging").contains("stagegate.conf");
                    assertThat(e.exitCode().code()).isEqualTo(2);
                });
    }

    @Test
    void profileWithATypoInASettingIsRejected() {
        assertThatThrownBy(() -> new Profile("staging", Map.of("hots", "x")))
                .isInstanceOfSatisfying(StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROFILE_INVALID);
                    assertThat(e.getMessage()).contains("'hots'");
                });
    }

    @Test
    void embeddedIsAlwaysAvailableAndNothingAtAllIsAClearError() {
        assertThat(resolver(Map.of(), Map.of()).resolve(null, "embedded").kind()).isEqualTo(Target.Kind.EMBEDDED);
        assertThatThrownBy(() -> resolver(Map.of(), Map.of()).resolve(null, null))
                .isInstanceOfSatisfying(StagegateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_TARGET));
    }
}
