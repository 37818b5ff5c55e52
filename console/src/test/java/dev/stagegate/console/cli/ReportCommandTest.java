package dev.stagegate.console.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stagegate run} writes the CE-28 documents whatever the verdict; {@code stagegate report DIR} makes the same ones again. */
class ReportCommandTest {

    @TempDir
    Path tmp;

    private Path runFolder(Path evidence) throws Exception {
        try (Stream<Path> files = Files.walk(evidence)) {
            return files.filter(p -> p.getFileName().toString().equals("gate_results.json") && !p.toString().contains("staging_migration_"))
                    .findFirst().orElseThrow().getParent();
        }
    }

    @Test
    void aNoGoRunEndsWithEveryDocumentAndReportMakesTheSameOnesAgainWithTheVerdictsExitCode() throws Exception {
        Path script = tmp.resolve("lost.groovy");
        Files.writeString(script, """
                example 'c2pro', to: '005'
                before = snapshot 'before', content: true
                sql "DELETE FROM alerts WHERE id = (SELECT id FROM alerts ORDER BY id LIMIT 1)"
                after = snapshot 'after', content: true
                expect { preserved before, after }
                """);
        CliRun r = CliRun.of("run", script.toString(), "--evidence", tmp.resolve("ev").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("[INFO] readiness report, go/no-go checklist, task tracker, junit.xml");
        Path run = runFolder(tmp.resolve("ev"));
        for (String f : java.util.List.of("STAGING_MIGRATION_READINESS_REPORT.md", "PRODUCTION_MIGRATION_GO_NO_GO.md", "CE-P0-06_TASK_TRACKER.md",
                "junit.xml", "report.html", "gate.csv", "findings.csv", "steps.csv", "migrations.csv", "manifest-sha256.txt")) {
            assertThat(run.resolve(f)).as(f).exists();
        }
        String readiness = Files.readString(run.resolve("STAGING_MIGRATION_READINESS_REPORT.md"));
        assertThat(readiness).contains("**NO-GO: do not take these migrations to production**", "| data corruption or loss detected | FIRED | ROW_COUNT_CHANGED public.alerts",
                "Risk: **HIGH**");
        assertThat(Files.readString(run.resolve("junit.xml"))).contains("<failure message=\"").contains("ROW_COUNT_CHANGED:public.alerts");
        assertThat(Files.readString(run.resolve("gate.csv"))).contains(",NO-GO,1,");

        // the seeds' generate_migration_report.py --input-dir: the same documents from the saved run, the run's exit code
        Files.delete(run.resolve("STAGING_MIGRATION_READINESS_REPORT.md"));
        CliRun again = CliRun.of("report", run.toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(1);
        assertThat(again.out()).contains("wrote " + run.resolve("STAGING_MIGRATION_READINESS_REPORT.md"), "VERDICT: NO-GO (");
        assertThat(Files.readString(run.resolve("STAGING_MIGRATION_READINESS_REPORT.md"))).isEqualTo(readiness);
        Path pkg = run.resolve("staging_migration_" + run.getFileName().toString().substring(0, 8));
        assertThat(pkg.resolve("docs/STAGING_MIGRATION_READINESS_REPORT.md")).exists();
        assertThat(pkg.resolve("logs/gate_results.json")).exists();
        if (new java.io.File("/usr/bin/sha256sum").canExecute()) {
            for (Path dir : java.util.List.of(run, pkg)) {
                Process p = new ProcessBuilder("sha256sum", "--quiet", "-c", "manifest-sha256.txt").directory(dir.toFile()).redirectErrorStream(true).start();
                String said = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(dir + ": " + said).isZero();
            }
        }
    }

    @Test
    void aPlantedLeakEndsNoGoWithTheRlsTriggerNamedInEveryFormat() throws Exception {
        Path script = tmp.resolve("leak.groovy");
        Files.writeString(script, """
                example 'c2pro', to: '005'
                sql "ALTER TABLE alerts DISABLE ROW LEVEL SECURITY"
                verify()
                """);
        CliRun r = CliRun.of("run", script.toString(), "--evidence", tmp.resolve("ev").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        Path run = runFolder(tmp.resolve("ev"));
        String trigger = "more than 5% of RLS tests fail";
        assertThat(Files.readString(run.resolve("STAGING_MIGRATION_READINESS_REPORT.md"))).contains("| " + trigger + " | FIRED | ", "public.alerts");
        assertThat(Files.readString(run.resolve("PRODUCTION_MIGRATION_GO_NO_GO.md"))).contains("- [ ] not fired: " + trigger + " — FIRED");
        assertThat(Files.readString(run.resolve("report.html"))).contains(trigger + "</td><td class=\"s\">FIRED");
        String junit = Files.readString(run.resolve("junit.xml"));
        assertThat(junit).contains("<property name=\"rollback_trigger\" value=\"" + trigger + "\"/>", "<property name=\"verdict\" value=\"NO-GO\"/>")
                .containsPattern("<testcase name=\"isolation public.alerts\" classname=\"stagegate.verify\" time=\"0\"><failure");
        assertThat(Files.readString(run.resolve("gate.csv"))).contains(",NO-GO,1,").contains(trigger + ": FIRED");
        assertThat(Files.readString(run.resolve("gate_results.json"))).contains("\"verdict\" : \"NO-GO\"");
    }

    @Test
    void aRunStoppedByAnErrorStillLeavesItsReportsSayingThereIsNoVerdict() throws Exception {
        Path script = tmp.resolve("broken.groovy");
        Files.writeString(script, "example 'c2pro', to: '001'\nsql 'SELECT no_such_column FROM tenants'\n");
        CliRun r = CliRun.of("run", script.toString(), "--evidence", tmp.resolve("ev").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isNotIn(0, 1, 5);
        Path run = runFolder(tmp.resolve("ev"));
        String readiness = Files.readString(run.resolve("STAGING_MIGRATION_READINESS_REPORT.md"));
        assertThat(readiness).contains("NO VERDICT: the run stopped before its end", "The run stopped before its end: SG-");
        assertThat(Files.readString(run.resolve("PRODUCTION_MIGRATION_GO_NO_GO.md"))).contains("- [ ] All staging tests passed");
    }
}
