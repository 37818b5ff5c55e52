package dev.stagegate.core.target;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void masksKnownSecretsPasswordParametersAndUriUserInfo() {
        String text = "url jdbc:postgresql://h/db?user=a&password=abc123 and postgresql://u:pw99@h/db, said topsecret";
        String masked = Secrets.mask(text, List.of("topsecret"));
        assertThat(masked).doesNotContain("abc123").doesNotContain("pw99").doesNotContain("topsecret");
        assertThat(masked).contains("jdbc:postgresql://h/db?****").contains("and postgresql://****@h/db").contains("said ****");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertThat(Secrets.mask("SELECT 1 FROM users", List.of("x"))).isEqualTo("SELECT 1 FROM users");
    }

    @Test
    void aUrlsUserinfoIsRemovedWholeWhateverItHolds() {
        // sweep U07, U08, P16: a password holding '@' or ':' kept everything after its first '@'
        for (String url : List.of("postgresql://relapp:p@ss:word@127.0.0.1:5496/reldb", "postgresql://relapp:Pw4@Rel_Zq81xK@127.0.0.1:5496/reldb",
                "jdbc:postgresql://relapp:JdbcUserInfo99@127.0.0.1:5496/reldb", "postgres://u:a/b#c?d@h/db")) {
            String masked = Secrets.mask("error: '" + url + "' is not a PostgreSQL URL");
            assertThat(masked).as(url).contains("://****@").doesNotContain("ss:word").doesNotContain("Rel_Zq81xK")
                    .doesNotContain("JdbcUserInfo99").doesNotContain("a/b#c?d").doesNotContain("relapp");
        }
    }

    @Test
    void rolePasswordsInSqlAreMaskedInEveryQuoting() {
        // sweep M29: preview_update.sql held a role's password
        String sql = "CREATE ROLE mig_role LOGIN PASSWORD 'MigRolePw_91';\nALTER ROLE a PASSWORD E'Esc''Pw_2';\n"
                + "ALTER ROLE b ENCRYPTED PASSWORD $$DollarPw_3$$;\nALTER ROLE c PASSWORD $t$TagPw_4$t$;\nALTER ROLE d PASSWORD NULL;";
        String masked = Secrets.maskSqlPasswords(sql);
        assertThat(masked).doesNotContain("MigRolePw_91", "Pw_2", "DollarPw_3", "TagPw_4")
                .contains("CREATE ROLE mig_role LOGIN PASSWORD '****';").contains("ALTER ROLE d PASSWORD NULL;");
    }

    @Test
    void aMisspeltParameterAndADebugTraceAreMaskedToo() {
        // the second sweep: '?pass word=Secret_A6' was echoed; --debug traces quoted a role's PASSWORD
        assertThat(Secrets.mask("cannot parse 'jdbc:postgresql://h:5432/db?passwd=Secret_A6'")).doesNotContain("Secret_A6");
        Exception e = new IllegalStateException("Failed SQL: CREATE ROLE r LOGIN PASSWORD 'MigRolePw_91'",
                new RuntimeException("url postgresql://u:TracePw_2@h/db"));
        assertThat(Secrets.maskTrace(e, List.of())).doesNotContain("MigRolePw_91").doesNotContain("TracePw_2").contains("\tat ");
    }
}
