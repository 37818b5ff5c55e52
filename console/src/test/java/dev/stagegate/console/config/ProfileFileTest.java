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
    void aProfilesFileIsDataAndCannotRunCode() throws Exception {
        Path f = tmp.resolve("c.groovy");
        for (String code : java.util.List.of("target { port = 1 / 0 }", "System.exit(0)", "target { password = System.getenv('PW') }",
                "def f = new File('/etc/passwd')", "target { host = this.class.forName('java.lang.System').getenv('X') }",
                "import java.nio.file.Files\ntarget { host = 'x' }", "def m() { 1 }\ntarget { host = 'x' }",
                // the second sweep: an annotation's code runs while the file compiles, before any AST check
                "@groovy.transform.ASTTest(value={ new File('" + tmp.resolve("PWNED") + "').text = 'x' })\ndef x = 1\ntarget { host = 'x' }",
                "@groovy.transform.ASTTest(phase=org.codehaus.groovy.control.CompilePhase.CONVERSION, value={ new File('"
                        + tmp.resolve("PWNED") + "').text = 'x' })\ndef x = 1\ntarget { host = 'x' }")) {
            Files.writeString(f, code + "\n");
            System.clearProperty("stagegate.test.profileRan");
            assertThatThrownBy(() -> ProfileFile.parse(f)).as(code).isInstanceOfSatisfying(StagegateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_SYNTAX);
                assertThat(e.getMessage()).contains("a profiles file is data").contains("passwordEnv");
            });
            assertThat(tmp.resolve("PWNED")).as(code).doesNotExist();
        }
        // what a profiles file is for still works: blocks, quoted names, dotted keys, concatenation, numbers
        Files.writeString(f, """
                target.user = 'stagegate'
                environments {
                    'local-staging' { target { url = 'jdbc:postgresql://localhost:5434/' + 'postgres'; port = 5434; params { sslmode = 'disable' } } }
                }
                """);
        ProfileFile ok = ProfileFile.parse(f);
        assertThat(ok.profiles().get("local-staging").settings()).containsEntry("user", "stagegate")
                .containsEntry("url", "jdbc:postgresql://localhost:5434/postgres").containsEntry("params.sslmode", "disable");
    }

    @Test
    void aSyntaxErrorNeverQuotesTheSourceLineEvenWithItsCause() throws Exception {
        Path f = tmp.resolve("c.groovy");
        Files.writeString(f, "target { user = 'u'; password = \"CfgSyntaxPw_32 }\n");
        assertThatThrownBy(() -> ProfileFile.parse(f)).isInstanceOfSatisfying(StagegateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_SYNTAX);
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain("CfgSyntaxPw_32");
        });
    }

    @Test
    void aFolderOrBinaryFileIsNamedForWhatItIs() throws Exception {
        assertThatThrownBy(() -> ProfileFile.locate(tmp, new dev.stagegate.core.target.Environment(java.util.Map.of(), tmp, "t")))
                .hasMessageContaining("is a folder");
        Path bin = tmp.resolve("bin.groovy");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        assertThatThrownBy(() -> ProfileFile.parse(bin)).hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void aConfigInTheWorkingDirectoryIsCodeAndIsNeverRunUnlessNamed() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("checkout"));
        Path local = work.resolve(ProfileFile.LOCAL_NAME);
        // a file that would fail if it were read at all
        Files.writeString(local, "environments { staging { target { host = 'x' } } }\ntarget { {{ \n");
        dev.stagegate.core.target.Environment env = new dev.stagegate.core.target.Environment(java.util.Map.of(), tmp.resolve("home"), "tester");
        ProfileFile found = ProfileFile.locate(null, env, work);
        assertThat(found.profiles()).isEmpty();
        assertThat(found.describe()).contains("is here but was not run").contains("--config ./stagegate-config.groovy");
        // named, it is read
        Files.writeString(local, "environments { staging { target { host = 'x' } } }\n");
        ProfileFile named = ProfileFile.locate(local, env, work);
        assertThat(named.profiles()).containsOnlyKeys("staging");
    }
}
