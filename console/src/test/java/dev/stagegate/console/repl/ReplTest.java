package dev.stagegate.console.repl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegate.console.gate.GateSession;
import dev.stagegate.console.gate.TargetSource;
import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.target.Target;
import dev.stagegate.testkit.TestDatabase;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The console driven through JLine terminals on piped streams, in-process. */
class ReplTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    private static TargetSource embeddedTargets() {
        return new TargetSource() {
            @Override
            public Target configured(boolean forExample) {
                return Target.embedded("stagegate");
            }

            @Override
            public Target named(String envOrUrl) {
                return Target.embedded(envOrUrl);
            }
        };
    }

    private static Terminal terminal(java.io.InputStream in, OutputStream out) throws Exception {
        return TerminalBuilder.builder().system(false).streams(in, out).type("dumb").dumb(true).build();
    }

    /** Types {@code input} line by line into a console on a piped terminal, as a user would. */
    private String session(String input, Path evidence) throws Exception {
        return session(input, evidence, false);
    }

    /** @param capable an xterm-like terminal (completion, raw keys) rather than a dumb one */
    private String session(String input, Path evidence, boolean capable) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PipedOutputStream keys = new PipedOutputStream();
        try (Terminal t = capable ? TerminalBuilder.builder().system(false).streams(new PipedInputStream(keys), out).type("xterm").build()
                : terminal(new PipedInputStream(keys), out);
             GateSession gate = new GateSession(embeddedTargets(), t.writer(), evidence)) {
            CompletableFuture<Integer> repl = CompletableFuture.supplyAsync(() -> new Repl(t, gate, tmp.resolve("history")).run());
            // an entry (one or more lines) at a time, each once the console shows its prompt, as a
            // user types: type-ahead would race JLine. A dumb terminal prints no continuation prompt,
            // so the test finds where an entry ends the way the console does.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int entries = 0;
            StringBuilder entry = new StringBuilder();
            for (String line : capable ? new String[] {input} : input.split("\n")) {
                if (!capable && entry.length() == 0) {
                    while (prompts(out) <= entries && !repl.isDone() && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                }
                keys.write((capable ? line : line + "\n").getBytes(StandardCharsets.UTF_8));
                keys.flush();
                entry.append(entry.length() == 0 ? "" : "\n").append(line);
                if (entryComplete(entry.toString())) {
                    entries++;
                    entry.setLength(0);
                }
            }
            assertThat(repl.get(120, TimeUnit.SECONDS)).isZero();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final java.util.regex.Pattern PROMPT = java.util.regex.Pattern.compile("stagegate[*!]?> ");

    /** Where the console's parser would accept the input (see GroovyAwareParser). */
    private static boolean entryComplete(String entry) {
        String t = entry.strip();
        if (t.isEmpty() || t.startsWith("/") || t.startsWith("\\")) {
            return !t.isEmpty();
        }
        if (Completeness.isSql(t)) {
            return Completeness.sqlComplete(t);
        }
        boolean compiles;
        try {
            new groovy.lang.GroovyShell().parse(entry);
            compiles = true;
        } catch (Exception e) {
            compiles = false;
        }
        return !Completeness.groovyIncomplete(entry, compiles);
    }

    private static int prompts(ByteArrayOutputStream out) {
        java.util.regex.Matcher m = PROMPT.matcher(out.toString(StandardCharsets.UTF_8));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static JsonNode results(Path evidence) throws Exception {
        try (Stream<Path> files = Files.walk(evidence)) {
            return Json.mapper().readTree(files.filter(p -> p.getFileName().toString().equals("gate_results.json")).findFirst().orElseThrow().toFile());
        }
    }

    @Test
    void multiLineInputSqlPsqlErrorsAndSaveThenTheSavedScriptReplaysToTheSameResults() throws Exception {
        Path saved = tmp.resolve("session.groovy");
        Path savedAll = tmp.resolve("session-all.groovy");
        String out = session(String.join("\n",
                "example 'c2pro', to: '001'",
                "tenants = sql('SELECT count(*) AS n FROM tenants')",
                "expect {",
                "    count 'tables', 13",
                "    rows 'ten tenants', '''SELECT 1",
                "        FROM tenants HAVING count(*) = 10''', 1",
                "}",
                "SELECT name",
                "  FROM tenants ORDER BY name LIMIT 2;",
                "\\d tenants",
                "\\x",
                "SELECT 1 AS one;",
                "DELETE FROM tenants WHERE false;",
                "migrat to: '005'",
                "SELECT * FROM no_such_table;",
                "x = 1 / 0",
                "/vars",
                "/save " + saved,
                "/save -all " + savedAll,
                "/exit") + "\n", tmp.resolve("ev1"));
        assertThat(out).contains("[PASS] example: c2pro built to 001", "[PASS] expect: 2/2 expectations")
                .contains(" name ", "Tenant 0", "(2 rows)")
                .contains("Table \"public.tenants\"", "tenants_pkey")
                .contains("Expanded display is on.", "-[ RECORD 1 ]")
                .contains("error SG-SCRIPT-INVALID: unknown command 'migrat'")
                .contains("error SG-SQL:").contains("42P01")
                .contains("error SG-SCRIPT-FAILED:").contains("Division by zero")
                .contains("tenants = [{n=10}]");
        String script = Files.readString(saved);
        assertThat(script).contains("example 'c2pro', to: '001'", "expect {", "sql '''SELECT name")
                .doesNotContain("migrat to", "no_such_table", "1 / 0")
                // exploratory DML typed by hand is not a CI step: left out, said so, kept only by -all
                .doesNotContain("DELETE FROM tenants");
        assertThat(out).contains("left out 1 SQL input(s) typed by hand that write (e.g. DELETE FROM tenants WHERE false;); /save -all");
        assertThat(Files.readString(savedAll)).contains("sql \'\'\'DELETE FROM tenants WHERE false\'\'\'", "sql \'\'\'SELECT name");

        // CI replays the saved session unchanged, to the same results (timings apart)
        GateSession replay;
        try (GateSession gate = new GateSession(embeddedTargets(), new java.io.PrintWriter(OutputStream.nullOutputStream(), true), tmp.resolve("ev2"))) {
            replay = gate;
            int code = new dev.stagegate.console.gate.ScriptRunner(gate, java.util.Map.of())
                    .runScript(script, "session.groovy", new java.io.PrintWriter(System.err, true), false);
            // an example and two expectations show no gate condition: never GO
            assertThat(code).isEqualTo(5);
        }
        assertThat(replay.verdict().decision().label()).isEqualTo("INCOMPLETE");
        assertThat(results(tmp.resolve("ev2"))).isEqualTo(results(tmp.resolve("ev1")));
    }

    @Test
    void tabCompletesTheGatesWordsAndSaveThenOpenRunsTheSavedInputs() throws Exception {
        Path saved = tmp.resolve("answer.groovy");
        String out = session(String.join("\r",
                "/he\t",
                "answer = 6 * 7",
                "/save " + saved,
                "/reset",
                "/open " + saved,
                "answer",
                "/exit") + "\r", tmp.resolve("ev"), true);
        assertThat(out).contains("The gate:").contains("variables and transcript cleared").contains("===> 42");
        assertThat(Files.readString(saved)).contains("answer = 6 * 7");
    }

    @Test
    void historyAndSavedSessionsKeepSecretsOutInEveryFormAndTheHistoryIsPrivate() throws Exception {
        Path saved = tmp.resolve("saved.groovy");
        Path savedAll = tmp.resolve("all.groovy");
        session(String.join("\n",
                "x = 'jdbc:postgresql://h/db?password=hunter2'",
                "u = \"postgresql://scriptrole:\" + \"ScriptLit_Pw42\" + \"@127.0.0.1:5496/reldb\"",
                "v = 'jdbc:postgresql://relapp:JdbcUserInfo99@127.0.0.1:5496/reldb'",
                "s1 = \"ALTER ROLE scriptrole PASSWORD $$DollarPw_1$$\"",
                "s2 = \"ALTER ROLE scriptrole PASSWORD E'EscapePw_2'\"",
                "s3 = \"CREATE ROLE r LOGIN ENCRYPTED PASSWORD 'PlainPw_3'\"",
                "s4 = \"ALTER ROLE r PASSWORD $tag$TagPw_4$tag$\"",
                // the second sweep's forms
                "s5 = \"ALTER ROLE x1 PASSWORD/**/'ConsPw_14'\"",
                "s6 = \"ALTER ROLE x1 PASS\" + \"WORD 'ConsPw_16'\"",
                "pw = 'ConsPw_6'",
                "y = 2",
                "/save " + saved,
                "/save -history " + savedAll,
                "/exit") + "\n", tmp.resolve("ev"));
        Path historyFile = tmp.resolve("history");
        for (Path f : List.of(historyFile, saved, savedAll)) {
            assertThat(Files.readString(f)).as(f.toString()).contains("y = 2").doesNotContain("hunter2", "ScriptLit_Pw42", "JdbcUserInfo99",
                    "DollarPw_1", "EscapePw_2", "PlainPw_3", "TagPw_4",
                    "ConsPw_14", "ConsPw_16", "ConsPw_6");
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(historyFile))).isEqualTo("rw-------");
    }

    @Test
    void ctrlCCancelsTheRunningStatementAndReturnsToThePrompt() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = terminal(in, out); GateSession gate = new GateSession(embeddedTargets(), t.writer(), tmp.resolve("ev"))) {
            CompletableFuture<Integer> repl = CompletableFuture.supplyAsync(() -> new Repl(t, gate, tmp.resolve("history")).run());
            keys.write("connect()\nsql 'SELECT pg_sleep(30)'\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'") == 0) {
                Thread.sleep(50);
            }
            t.raise(Terminal.Signal.INT);
            // a Groovy loop that never ends is interrupted the same way, once it has really started
            // the loop announces itself through the session's application_name, then spins
            keys.write("n = 0; sql \"SELECT set_config('application_name', 'sg-test-loop', false)\"; while (true) { n++ }\n"
                    .getBytes(StandardCharsets.UTF_8));
            keys.flush();
            while (System.nanoTime() < deadline
                    && db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sg-test-loop'") == 0) {
                Thread.sleep(20);
            }
            assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sg-test-loop'")).isEqualTo(1);
            t.raise(Terminal.Signal.INT);
            // typed once the prompt is back, as a user would: type-ahead during the loop races JLine (seen on CI)
            int prompts = prompts(out);
            while (System.nanoTime() < deadline && (prompts(out) <= prompts || out.toString(StandardCharsets.UTF_8).split("cancelled", -1).length < 3)) {
                Thread.sleep(20);
            }
            keys.write("y = 41 + 1\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            int again = prompts(out);
            while (System.nanoTime() < deadline && prompts(out) <= again) {
                Thread.sleep(20);
            }
            keys.write("/exit\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertThat(repl.get(20, TimeUnit.SECONDS)).isZero();
        }
        String screen = out.toString(StandardCharsets.UTF_8);
        assertThat(screen.split("cancelled", -1)).hasSize(3);
        assertThat(screen).contains("===> 42");
    }

    @Test
    void transactionsAreSqlOnOneConnectionAndThePromptShowsThem() throws Exception {
        String out = session(String.join("\n",
                "connect()",
                "BEGIN;",
                "CREATE TABLE sg_repl_tx (id int);",
                "INSERT INTO sg_repl_tx VALUES (1);",
                "verify()",
                "ROLLBACK;",
                "SELECT count(*) AS kept FROM pg_tables WHERE tablename = 'sg_repl_tx';",
                "SELECT 'a' AS x;",
                "START TRANSACTION;",
                "SELECT 1/0;",
                "COMMIT;",
                "rollback to: '003'",
                "/exit") + "\n", tmp.resolve("ev"));
        assertThat(out).contains("stagegate*> ").contains("stagegate!> ")
                .contains("verify cannot run inside the transaction you opened with BEGIN")
                .contains(" kept ").containsPattern("kept\\s*\\R-+\\R\\s*0\\b")
                .contains(" x ").containsPattern("x\\s*\\R-+\\R\\s*a\\b")
                // rollback to: is the gate's word, not SQL: it needs migrations, and says so
                .contains("no migrations yet");
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'sg_repl_tx'")).isZero();
    }

    @Test
    void incompleteGroovyIsRecognised() {
        assertThat(Completeness.groovyIncomplete("expect {", false)).isTrue();
        assertThat(Completeness.groovyIncomplete("x = \"\"\"SELECT", false)).isTrue();
        assertThat(Completeness.groovyIncomplete("migrate to:", false)).isTrue();
        assertThat(Completeness.groovyIncomplete("x = [1,\n2", false)).isTrue();
        assertThat(Completeness.groovyIncomplete("migrat to: '005'", true)).isFalse();
        assertThat(Completeness.groovyIncomplete("x = 1 }", false)).isFalse();
        assertThat(Completeness.isSql("SELECT 1")).isTrue();
        assertThat(Completeness.isSql("table 'x'")).isFalse();
        assertThat(Completeness.isSql("update(1)")).isFalse();
        for (String sql : List.of("SELECT 'a' AS x;", "BEGIN;", "begin", "COMMIT;", "ROLLBACK;", "START TRANSACTION;", "END;",
                "SAVEPOINT a;", "DO $$ BEGIN END $$;", "COPY t TO STDOUT;", "CALL p();", "LOCK TABLE t;", "REINDEX TABLE t;",
                "REFRESH MATERIALIZED VIEW v;", "CLUSTER t;", "PREPARE q AS SELECT 1;", "SELECT x::int FROM t;")) {
            assertThat(Completeness.isSql(sql)).as(sql).isTrue();
        }
        for (String groovy : List.of("rollback to: '003'", "table 'x'", "do { n++ } while (n < 3)", "start = 1", "values('x')")) {
            assertThat(Completeness.isSql(groovy)).as(groovy).isFalse();
        }
    }
}
