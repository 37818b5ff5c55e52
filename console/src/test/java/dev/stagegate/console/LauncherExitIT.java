package dev.stagegate.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar in a JVM of its own, for what cannot run inside the test JVM: a script that
 * ends the JVM by reflection (round the compile-time guard) must not exit 0.
 */
class LauncherExitIT {

    @TempDir
    Path tmp;

    /** Runs the jar; returns exit code and stderr. */
    private Result launch(String... args) throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Dstagegate.home=" + repo, "-Dstagegate.embedded.dir=" + tmp.resolve("pg"),
                "-Duser.home=" + tmp, "-jar", repo.resolve("console/target/stagegate.jar").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exit, String err) {
    }

    @Test
    void theLauncherRefusesAnExitZeroThatNoVerdictWrote() throws Exception {
        // Runtime.halt by reflection skips every hook: only the launcher can notice that no verdict decided it
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path script = tmp.resolve("halt.groovy");
        Files.writeString(script, "Runtime.class.getMethod('halt', int).invoke(Runtime.runtime, 0)\n");
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("stagegate").toString(), "run", script.toString(), "--evidence",
                tmp.resolve("ev").toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("STAGEGATE_EMBEDDED_DIR", tmp.resolve("pg").toString());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(4);
        assertThat(err).contains("error SG-SCRIPT-FAILED: the run ended with exit 0 but no verdict decided it");
    }

    @Test
    void librariesLogNothingOnTheTerminal() throws Exception {
        // U02/U03 of the sweep: pgjdbc's java.util.logging printed two WARNING lines before the error
        Result r = launch("snapshot", "--url", "jdbc:postgresql://127.0.0.1:notaport/reldb");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> !l.isBlank()).toList()).as(r.err()).singleElement().asString().startsWith("error SG-URL-MALFORMED");
    }

    @Test
    void aScriptThatEndsTheJvmByReflectionDoesNotExitGo() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path jar = repo.resolve("console/target/stagegate.jar");
        assertThat(jar).exists();
        Path script = tmp.resolve("sneaky.groovy");
        Files.writeString(script, "expect { noRows 'must be empty', 'SELECT 1' }\n"
                + "Class.forName('java.lang.System').getMethod('exit', int).invoke(null, 0)\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Dstagegate.home=" + repo, "-Dstagegate.embedded.dir=" + tmp.resolve("pg"),
                "-Duser.home=" + tmp, "-jar", jar.toString(), "run", script.toString(), "--evidence", tmp.resolve("ev").toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(4);
        assertThat(err.lines().filter(l -> !l.isBlank()).toList()).singleElement().asString()
                .startsWith("error SG-SCRIPT-FAILED: sneaky.groovy was ended before its verdict");
    }
}
