package dev.stagegate.console.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegate.core.evidence.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    @TempDir
    Path tmp;

    private CliRun run(Path script, Path evidence) {
        return CliRun.of("run", script.toString(), "--evidence", evidence.toString());
    }

    private Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, body);
        return p;
    }

    private static JsonNode results(Path evidence) throws Exception {
        try (Stream<Path> files = Files.walk(evidence)) {
            Path json = files.filter(p -> p.getFileName().toString().equals("gate_results.json")).findFirst().orElseThrow();
            return Json.mapper().readTree(json.toFile());
        }
    }

    @Test
    void theC2proGateRunsEveryStepAndSaysGo() throws Exception {
        Path gate = Path.of(dev.stagegate.core.example.Example.locate("c2pro").dir().resolve("gate.groovy").toString());
        CliRun first = run(gate, tmp.resolve("ev1"));
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("[PASS] environment:", "[PASS] validate:", "[PASS] lint:", "[PASS] migrate: 001 -> 005",
                "[PASS] verify:", "[PASS] rollback: 005 -> 003", "[PASS] migrate: 003 -> 005", "VERDICT: GO");

        // CI replays the same script: the results (timings apart) are the same
        CliRun replay = run(gate, tmp.resolve("ev2"));
        assertThat(replay.exitCode()).isZero();
        assertThat(results(tmp.resolve("ev2"))).isEqualTo(results(tmp.resolve("ev1")));
        assertThat(results(tmp.resolve("ev1")).get("verdict").asText()).isEqualTo("GO");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"codex-week2", "mandate-008"})
    void everyExampleHasAGateThatSaysGo(String example) throws Exception {
        Path gate = dev.stagegate.core.example.Example.locate(example).dir().resolve("gate.groovy");
        CliRun r = run(gate, tmp.resolve("ev-" + example));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("[PASS] verify:", "[PASS] rollback:", "VERDICT: GO");
    }

    @Test
    void aFailingCheckIsNoGo() throws Exception {
        Path s = script("nogo.groovy", "example 'c2pro', to: '001'\nexpect { count 'tables', 99 }\n");
        CliRun r = run(s, tmp.resolve("ev"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("[FAIL] expect: 0/1 expectations").contains("VERDICT: NO-GO");
    }

    @Test
    void aBrokenLineAnUnknownCommandAGroovyExceptionAndASqlErrorEachStopTheScriptWithOneLine() throws Exception {
        CliRun syntax = run(script("syntax.groovy", "example 'c2pro', to: '001'\nmigrate to: \n"), tmp.resolve("e1"));
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.errorLine()).startsWith("error SG-SCRIPT-INVALID: syntax.groovy line 2");

        CliRun unknown = run(script("unknown.groovy", "connect()\nmigrat to: '005'\n"), tmp.resolve("e2"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.errorLine()).contains("unknown.groovy line 2").contains("unknown command 'migrat'");

        CliRun groovy = run(script("boom.groovy", "connect()\nx = 1\ny = x / 0\nmigrate()\n"), tmp.resolve("e3"));
        assertThat(groovy.exitCode()).isEqualTo(4);
        assertThat(groovy.errorLine()).contains("SG-SCRIPT-FAILED").contains("boom.groovy line 3").contains("Division by zero");

        CliRun sql = run(script("sql.groovy", "connect()\nsql 'SELECT 1'\nsql 'SELEC 2'\nsql 'SELECT 3'\n"), tmp.resolve("e4"));
        assertThat(sql.exitCode()).isEqualTo(4);
        assertThat(sql.errorLine()).contains("SG-SQL").contains("sql.groovy line 3").contains("42601");
        assertThat(sql.err()).doesNotContain("\tat ");

        CliRun stop = run(script("stop.groovy", "example 'c2pro', to: '001'\nrollback to: '042'\n"), tmp.resolve("e5"));
        assertThat(stop.exitCode()).isEqualTo(2);
        assertThat(stop.errorLine()).contains("SG-VERSION-UNKNOWN").contains("stop.groovy line 2");
    }
}
