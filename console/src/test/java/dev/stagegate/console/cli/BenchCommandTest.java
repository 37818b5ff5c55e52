package dev.stagegate.console.cli;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** `stagegate bench`: a dropped index the suite's query needs is ROLLBACK, exit 1, with the results and JMH's JSON kept. */
class BenchCommandTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    @Test
    void aDroppedIndexIsNoGoWithRollbackNamed() throws Exception {
        String setup = "CREATE TABLE events (id bigint PRIMARY KEY, account int NOT NULL, body text);"
                + "INSERT INTO events SELECT g, g % 20000, md5(g::text) FROM generate_series(1, 200000) g;"
                + "CREATE INDEX events_account ON events (account); ANALYZE events;";
        for (String d : new String[]{"cli_before", "cli_after"}) {
            db.execute("CREATE DATABASE " + d);
            try (Connection c = db.server().connect(d)) {
                c.createStatement().execute(setup);
            }
        }
        try (Connection c = db.server().connect("cli_after")) {
            c.createStatement().execute("DROP INDEX events_account");
        }
        Path suite = tmp.resolve("queries.sql");
        Files.writeString(suite, "-- param: account = SELECT account FROM events ORDER BY id LIMIT 1\n-- name: events_of_account\n"
                + "SELECT id, body FROM events WHERE account = :account;\n-- name: control\n-- control\nSELECT count(*) FROM generate_series(1, 20000);\n");
        String base = db.jdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/");
        CliRun run = CliRun.of("bench", "--suite", suite.toString(), "--baseline-db", base + "cli_before?user=" + db.user(),
                "--candidate-db", base + "cli_after?user=" + db.user(), "--rounds", "6", "--warmup", "1x1s", "--measure", "2x200ms",
                "--evidence", tmp.resolve("ev").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("ROLLBACK    events_of_account").contains("VERDICT: ROLLBACK (a rollback trigger");
        try (Stream<Path> files = Files.walk(tmp.resolve("ev"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).contains("ce26_benchmark_results.json", "jmh_round01_paired.json");
        }
        assertThat(run.out()).contains("[ERROR] BENCH_PLAN_SEQ_SCAN events_of_account on public.events").contains("ce26_performance_report.md");
        // the stored-baseline flow: record the baseline alone, compare the candidate against the file later
        CliRun rec = CliRun.of("bench", "record", "--suite", suite.toString(), "--db", base + "cli_before?user=" + db.user(), "--rounds", "6",
                "--warmup", "1x1s", "--measure", "1x200ms", "--evidence", tmp.resolve("rec").toString());
        assertThat(rec.exitCode()).as(rec.out() + rec.err()).isZero();
        Path stored;
        try (Stream<Path> files = Files.walk(tmp.resolve("rec"))) {
            stored = files.filter(p -> p.getFileName().toString().equals("baseline_benchmark.json")).findFirst().orElseThrow();
        }
        assertThat(rec.out()).contains("wrote " + stored).contains("stagegate bench compare");
        CliRun cmp = CliRun.of("bench", "compare", "--suite", suite.toString(), "--baseline-json", stored.toString(), "--candidate-db",
                base + "cli_after?user=" + db.user(), "--rounds", "6", "--warmup", "1x1s", "--measure", "1x200ms", "--evidence",
                tmp.resolve("cmp").toString());
        assertThat(cmp.exitCode()).as(cmp.out() + cmp.err()).isEqualTo(1);
        assertThat(cmp.out()).contains("BENCH_NOT_INTERLEAVED").contains("VERDICT: ROLLBACK").contains("(not interleaved: host drift is not controlled)");
        CliRun both = CliRun.of("bench", "--suite", suite.toString(), "--baseline-db", base + "cli_before", "--baseline-json", stored.toString(),
                "--candidate-db", base + "cli_after");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.errorLine()).contains("give the baseline once");
        CliRun badMeasure = CliRun.of("bench", "--suite", suite.toString(), "--baseline-db", base + "cli_before", "--candidate-db",
                base + "cli_after", "--measure", "lots");
        assertThat(badMeasure.exitCode()).isEqualTo(2);
        assertThat(badMeasure.errorLine()).contains("--measure lots is not NxTIME");
        CliRun few = CliRun.of("bench", "--suite", suite.toString(), "--baseline-db", base + "cli_before", "--candidate-db",
                base + "cli_after", "--rounds", "3");
        assertThat(few.exitCode()).isEqualTo(2);
        assertThat(few.err()).contains("give an even number, 6 or more");
        CliRun missing = CliRun.of("bench", "--suite", tmp.resolve("none.sql").toString(), "--baseline-db", base + "cli_before",
                "--candidate-db", base + "cli_after");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errorLine()).contains("cannot read the query suite");
    }
}
