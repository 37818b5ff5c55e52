package dev.stagegate.console.cli;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's environment step on a target reached by URL, as staging is: free disk cannot be
 * measured from the client, so the step is INCOMPLETE (never PASS) until the user states it.
 */
class GateEnvironmentTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    private CliRun run(String body, String... extra) throws Exception {
        Path script = tmp.resolve("env.groovy");
        Files.writeString(script, body);
        String[] args = new String[4 + extra.length];
        args[0] = "run";
        args[1] = script.toString();
        args[2] = "--evidence";
        args[3] = tmp.resolve("ev").toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRun.of(args);
    }

    private String url() {
        return db.jdbcUrl() + "?user=" + db.user();
    }

    @Test
    void diskThatCannotBeMeasuredIsIncompleteNeverPassed() throws Exception {
        CliRun r = run("connect '" + url() + "'\nenvironment()\n");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(5);
        assertThat(r.out()).contains("[INCOMPLETE] environment:").contains("DISK_HEADROOM_UNKNOWN").contains("--disk-free")
                .doesNotContain("[PASS] environment");
    }

    @Test
    void aStatedFigureDecides() throws Exception {
        CliRun enough = run("connect '" + url() + "'\nenvironment diskFree: '100TB'\n");
        assertThat(enough.out()).as(enough.out() + enough.err()).contains("[PASS] environment:");
        CliRun tooLittle = run("connect '" + url() + "'\nenvironment()\n", "--disk-free", "1MB");
        assertThat(tooLittle.exitCode()).isEqualTo(1);
        assertThat(tooLittle.out()).contains("[FAIL] environment:").contains("DISK_HEADROOM");
    }

    @Test
    void thresholdsAreOptionsAndAnUnknownOneIsAnError() throws Exception {
        CliRun bad = run("connect '" + url() + "'\nenvironment maxSessions: 3\n");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errorLine()).contains("environment: unknown option 'maxSessions'").contains("maxOtherActiveSessions");
        CliRun old = run("connect '" + url() + "'\nenvironment minServerMajor: 99, diskFree: '100TB'\n");
        assertThat(old.exitCode()).isEqualTo(1);
        assertThat(old.out()).contains("SERVER_TOO_OLD_FOR_GATE");
    }

    @Test
    void theProfilesVariablesAreShownMasked() throws Exception {
        Path cfg = tmp.resolve("profiles.groovy");
        Files.writeString(cfg, "environments { staging { target { host = '" + db.server().host() + "'; port = " + db.server().port()
                + "; database = '" + db.name() + "'; user = '" + db.user() + "'; password = 'Profile_Pw_77'; diskFree = '100TB' } } }\n");
        CliRun r = run("connect()\nenvironment()\n", "--config", cfg.toString(), "--env", "staging");
        assertThat(r.out()).as(r.out() + r.err()).contains("[PASS] environment:").contains("profile password = ****")
                .contains("profile database = " + db.name());
        assertThat(r.out() + r.err()).doesNotContain("Profile_Pw_77");
    }
}
