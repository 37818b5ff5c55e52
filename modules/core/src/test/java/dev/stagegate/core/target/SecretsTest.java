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
        assertThat(masked).contains("password=****").contains("postgresql://u:****@h/db").contains("said ****");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertThat(Secrets.mask("SELECT 1 FROM users", List.of("x"))).isEqualTo("SELECT 1 FROM users");
    }
}
