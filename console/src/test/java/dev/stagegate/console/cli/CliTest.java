package dev.stagegate.console.cli;

import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    @TempDir
    Path tmp;

    @Test
    void helpListsCommandsAndExitCodes() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("snapshot").contains("Exit codes:").contains("NO-GO");
    }

    @Test
    void versionNamesTheRelease() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("stagegate 0.");
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        CliRun run = CliRun.of("snapshot", "--no-such-option");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errorLine()).startsWith("error SG-USAGE: Unknown option: '--no-such-option'");
    }

    @Test
    void snapshotOfTheC2proExampleWritesJsonAndMarkdownIntoTheEvidenceRun() throws Exception {
        Path evidence = tmp.resolve("evidence");
        CliRun run = CliRun.of("snapshot", "--env", "embedded", "--example", "c2pro", "--exact", "--json", "--markdown",
                "--evidence", evidence.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("tables                   14   (RLS enabled 14, FORCE 4)")
                .contains("foreign keys             31").contains("rows                   6280   (exact)");
        assertThat(run.err()).contains("[SUCCESS] Migration 005 completed");
        Path runDir;
        try (Stream<Path> runs = Files.list(evidence)) {
            runDir = runs.findFirst().orElseThrow();
        }
        SchemaSnapshot snapshot = SnapshotJson.read(runDir.resolve("schema_snapshot.json"));
        assertThat(snapshot.tables()).hasSize(14);
        assertThat(Files.readString(runDir.resolve("schema_snapshot.md"))).contains("`public.clauses`");
    }

    @Test
    void diffAgainstAnEarlierSnapshotWritesTheDiff() throws Exception {
        Path before = tmp.resolve("before.json");
        Path evidence = tmp.resolve("ev");
        Path unused = tmp.resolve("unused-evidence");
        assertThat(CliRun.of("snapshot", "--example", "c2pro", "--example-version", "003", "--json", before.toString(),
                "--evidence", unused.toString()).exitCode()).isZero();
        assertThat(unused).as("an explicit --json file needs no evidence run folder").doesNotExist();
        CliRun after = CliRun.of("snapshot", "--example", "c2pro", "--diff-against", before.toString(),
                "--evidence", evidence.toString());
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.out()).containsPattern("diff: \\d+ change\\(s\\)");
        try (Stream<Path> files = Files.walk(evidence)) {
            Path diff = files.filter(p -> p.getFileName().toString().equals("schema_diff.md")).findFirst().orElseThrow();
            assertThat(Files.readString(diff)).contains("`public.audit_logs` | added").contains("| tables | 13 | 14 | +1 |");
        }
    }
}
