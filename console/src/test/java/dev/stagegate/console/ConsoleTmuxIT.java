package dev.stagegate.console;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end, as a person would: the packaged launcher in a real terminal (tmux), keys sent with
 * send-keys, the screen read with capture-pane. tmux is required in CI (STAGEGATE_REQUIRE_PG_TOOLS,
 * set by .ci/run, which installs it); elsewhere the test is skipped when tmux is missing.
 */
class ConsoleTmuxIT {

    @TempDir
    Path tmp;

    private final String session = "sg-it-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());

    private static boolean tmuxAvailable() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", session, "-S", "-200");
    }

    private void type(String keys) throws Exception {
        // tmux reads an argument ending in ';' as its own command separator
        tmux("send-keys", "-t", session, "-l", keys.endsWith(";") ? keys.substring(0, keys.length() - 1) + "\\;" : keys);
        tmux("send-keys", "-t", session, "Enter");
    }

    private void waitFor(String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (screen().contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' did not appear within " + seconds + " s; the screen:\n" + screen());
    }

    @Test
    void aDbaSessionInARealTerminalSavesAScript() throws Exception {
        boolean required = System.getenv("STAGEGATE_REQUIRE_PG_TOOLS") != null;
        Assumptions.assumeTrue(required || tmuxAvailable(), "tmux is not installed");
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path jar = repo.resolve("console/target/stagegate.jar");
        assertThat(jar).exists();
        Path saved = tmp.resolve("dba.groovy");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the console keeps its history under $HOME, as the shell sees it
        String command = "HOME=" + tmp + " " + java + " -Dstagegate.home=" + repo + " -Dstagegate.embedded.dir=" + tmp.resolve("pg")
                + " -Duser.home=" + tmp + " -jar " + jar + " console --evidence " + tmp.resolve("evidence");
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", command);
        try {
            waitFor("stagegate>", 30);
            type("example 'c2pro', to: '001'");
            waitFor("[PASS] example: c2pro built to 001", 60);
            type("\\dt");
            waitFor("List of relations", 20);
            type("expect {");
            type("  count 'tables', 13");
            type("}");
            waitFor("[PASS] expect: 1/1 expectations", 20);
            type("SELECT count(*) AS tenants FROM tenants;");
            waitFor("(1 row)", 20);
            type("/save " + saved);
            waitFor("saved 3 input(s)", 20);
            type("/exit");
            // an example and one expectation show none of the conditions GO needs
            waitFor("VERDICT: INCOMPLETE", 20);
        } finally {
            tmux("kill-session", "-t", session);
        }
        assertThat(Files.readString(saved)).contains("example 'c2pro', to: '001'", "expect {", "count 'tables', 13", "sql '''SELECT count(*)");
        assertThat(Files.readString(tmp.resolve(".stagegate/history"))).contains("\\dt");
    }
}
