package dev.stagegate.console.cli;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate word {@code bench}: a migration that drops the index a hot query needs ends the gate NO-GO
 * with the rollback trigger named; placed after the migrate, with no pre-migration database left, it
 * is NOT TESTED and the gate never GO; a misspelt option is refused before anything runs.
 */
class BenchGateTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    private Path migrations() throws Exception {
        Path m = tmp.resolve("migrations");
        Files.createDirectories(m);
        Files.writeString(m.resolve("001_events.sql"), "CREATE TABLE events (id bigint PRIMARY KEY, account int NOT NULL, body text);\n"
                + "INSERT INTO events SELECT g, g % 20000, md5(g::text) FROM generate_series(1, 200000) g;\n"
                + "CREATE INDEX events_account ON events (account);\n");
        Files.writeString(m.resolve("001_events.rollback.sql"), "DROP TABLE events;\n");
        Files.writeString(m.resolve("002_drop_index.sql"), "DROP INDEX events_account;\n");
        Files.writeString(m.resolve("002_drop_index.rollback.sql"), "CREATE INDEX events_account ON events (account);\n");
        Files.writeString(tmp.resolve("queries.sql"), "-- param: account = SELECT account FROM events ORDER BY id LIMIT 1\n"
                + "-- name: events_of_account\nSELECT id, body FROM events WHERE account = :account;\n"
                + "-- name: control\n-- control\nSELECT count(*) FROM generate_series(1, 20000);\n");
        return m;
    }

    private CliRun gate(String name, String body) throws Exception {
        Path s = tmp.resolve(name);
        Files.writeString(s, body);
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
        return CliRun.of("run", s.toString(), "--url", url, "--evidence", tmp.resolve("ev-" + name).toString());
    }

    @Test
    void aMigrationThatDropsTheIndexAQueryNeedsIsNoGoWithTheRollbackTriggerNamed() throws Exception {
        Path m = migrations();
        String suite = tmp.resolve("queries.sql").toString();
        CliRun r = gate("drop.groovy", "migrations '" + m + "'\nmigrate to: '001'\n"
                + "bench suite: '" + suite + "', to: '002', rounds: 6, warmup: '1x1s', measure: '2x200ms'\n");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("[FAIL] bench: ").contains("worst ROLLBACK, a rollback trigger")
                .contains("VERDICT: NO-GO (").contains("rollback trigger: performance degraded past the rollback threshold (BENCH_ROLLBACK_TRIGGER): events_of_account is");
        // the target was only read: still at 001, the index still there
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'events_account'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'sg_rehearsal%'")).isZero();

        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(m.resolve("001_events.sql"), broken.resolve("001_events.sql"));
        Files.copy(m.resolve("001_events.rollback.sql"), broken.resolve("001_events.rollback.sql"));
        Files.writeString(broken.resolve("002_drop_index.sql"), "DROP INDEXX events_account;\n");
        Files.writeString(broken.resolve("002_drop_index.rollback.sql"), "SELECT 1;\n");
        CliRun failed = gate("broken.groovy", "migrations '" + broken + "'\nbench suite: '" + suite + "', to: '002'\nmigrate()\n");
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.out()).contains("[FAIL] bench: a migration failed on the candidate copy").contains("VERDICT: NO-GO")
                .doesNotContain("[PASS] migrate");

        CliRun after = gate("after.groovy", "migrations '" + m + "'\nmigrate()\nbench suite: '" + suite + "'\n");
        assertThat(after.out()).as(after.out() + after.err()).contains("[NOT TESTED] bench: the target is already at 002")
                .contains("put `bench` before `migrate`").doesNotContain("VERDICT: GO");

        CliRun typo = gate("typo.groovy", "migrations '" + m + "'\nbench suite: '" + suite + "', round: 3\n");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("bench: unknown option 'round'; known: baselineJson, bigTableRows, controlDrift, copy, maxSpread, "
                + "measure, pinCpu, rounds, slowerFails, slowerRollback, suite, to, warmup");

        // the thresholds are the user's to set, and a bad one is refused before anything is copied or timed
        CliRun ten = gate("ten.groovy", "migrations '" + m + "'\nbench suite: '" + suite + "', slowerFails: 'ten'\n");
        assertThat(ten.exitCode()).isEqualTo(2);
        assertThat(ten.err()).contains("slowerFails: ten is not a percentage from 0.1% to 1000%; write e.g. 10%");
        CliRun upside = gate("upside.groovy", "migrations '" + m + "'\nbench suite: '" + suite + "', slowerFails: '40%', slowerRollback: '20%'\n");
        assertThat(upside.exitCode()).isEqualTo(2);
        assertThat(upside.err()).contains("slowerRollback: 20% is under slowerFails: 40%");
    }
}
