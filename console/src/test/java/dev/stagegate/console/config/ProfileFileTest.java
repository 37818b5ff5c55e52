package dev.stagegate.console.config;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsEveryEnvironmentWithSharedDefaults() throws Exception {
        Path f = tmp.resolve("c.groovy");
        Files.writeString(f, """
                target { user = 'stagegate'; port = 5432 }
                environments {
                    staging { target { host = 'staging-db'; database = 'c2pro_staging'; passwordEnv = 'STAGING_PW' } }
                    'local-staging' { target { url = 'jdbc:postgresql://localhost:5434/postgres'; params { sslmode = 'disable' } } }
                    production { target { host = 'prod-db'; database = 'c2pro'; user = 'deployer' } }
                }
                """);
        ProfileFile file = ProfileFile.parse(f);
        assertThat(file.profiles()).containsOnlyKeys("staging", "local-staging", "production");
        assertThat(file.profiles().get("staging").settings()).containsEntry("user", "stagegate")
                .containsEntry("host", "staging-db").containsEntry("passwordEnv", "STAGING_PW").containsEntry("port", "5432");
        assertThat(file.profiles().get("production").get("user")).isEqualTo("deployer");
        assertThat(file.profiles().get("local-staging").get("params.sslmode")).isEqualTo("disable");
    }

    @Test
    void environmentWithoutTargetIsRejected() throws Exception {
        Path f = tmp.resolve("c.groovy");
        Files.writeString(f, "environments { staging { host = 'x' } }\n");
        assertThatThrownBy(() -> ProfileFile.parse(f)).isInstanceOfSatisfying(StagegateException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROFILE_INVALID));
    }

    @Test
    void aRuntimeErrorInTheFileIsASyntaxError() throws Exception {
        Path f = tmp.resolve("c.groovy");
        Files.writeString(f, "target { port = 1 / 0 }\n");
        assertThatThrownBy(() -> ProfileFile.parse(f)).isInstanceOfSatisfying(StagegateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_SYNTAX);
            assertThat(e.getMessage()).contains("Division by zero");
        });
    }

    @Test
    void aConfigInTheWorkingDirectoryIsCodeAndIsNeverRunUnlessNamed() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("checkout"));
        Path local = work.resolve(ProfileFile.LOCAL_NAME);
        Files.writeString(local, "System.setProperty('stagegate.test.cwdConfigRan', 'yes')\nenvironments { staging { target { host = 'x' } } }\n");
        System.clearProperty("stagegate.test.cwdConfigRan");
        dev.stagegate.core.target.Environment env = new dev.stagegate.core.target.Environment(java.util.Map.of(), tmp.resolve("home"), "tester");
        ProfileFile found = ProfileFile.locate(null, env, work);
        assertThat(System.getProperty("stagegate.test.cwdConfigRan")).isNull();
        assertThat(found.profiles()).isEmpty();
        assertThat(found.describe()).contains("is here but was not run").contains("--config ./stagegate-config.groovy");
        // named, it is read (and runs: the user said so)
        ProfileFile named = ProfileFile.locate(local, env, work);
        assertThat(named.profiles()).containsOnlyKeys("staging");
        assertThat(System.getProperty("stagegate.test.cwdConfigRan")).isEqualTo("yes");
    }
}
