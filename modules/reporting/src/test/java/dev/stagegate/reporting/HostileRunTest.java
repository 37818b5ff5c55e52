package dev.stagegate.reporting;

import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.reporting.model.GateResults;
import dev.stagegate.reporting.verdict.GateCondition;
import dev.stagegate.reporting.verdict.RiskAssessment;
import dev.stagegate.reporting.verdict.RollbackTriggers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.stagegate.reporting.GateFixture.finding;
import static org.assertj.core.api.Assertions.assertThat;

/** What the hostile review of the reports found, each as a run folder built to fool them. */
class HostileRunTest {

    @TempDir
    Path tmp;

    @Test
    void aStepThatErredOrDidNotTestInFullKeepsTheRiskAboveLow() {
        Path erred = new GateFixture(tmp.resolve("erred"))
                .step(new StepResult("environment", StepStatus.ERROR, "cannot read the server's settings", List.of(), Map.of(), List.of(), Duration.ZERO))
                .write();
        var r = GateResults.read(erred);
        RiskAssessment risk = RiskAssessment.of(r, RollbackTriggers.evaluate(r), 0);
        assertThat(risk.level()).isEqualTo(RiskAssessment.Level.HIGH);
        assertThat(risk.reasons()).extracting(RiskAssessment.Reason::text).contains("step environment ended ERROR: cannot read the server's settings");
        Path partial = new GateFixture(tmp.resolve("partial"))
                .step(new StepResult("backup post_migration", StepStatus.NOT_TESTED, "no pg_dump", List.of(), Map.of(), List.of(), Duration.ZERO))
                .write();
        var p = GateResults.read(partial);
        assertThat(RiskAssessment.of(p, RollbackTriggers.evaluate(p), 0).reasons()).extracting(RiskAssessment.Reason::text)
                .contains("not tested in full: backup post_migration NOT_TESTED");
    }

    @Test
    void anExpectWithoutVerifyDoesNotMakeTheSmokeTaskDone() throws Exception {
        Path run = new GateFixture(tmp).step("expect", List.of(), Map.of("passed", 1L, "total", 1L)).write();
        Reports.write(run, 0, GateFixture.sink(run));
        assertThat(Files.readString(run.resolve("CE-P0-06_TASK_TRACKER.md")))
                .contains("| CE-25 | Smoke tests and data integrity | incomplete |", "**Progress: 1/9 tasks done**");
    }

    @Test
    void textFromTheDataCannotForgeABoxBreakTheXmlOrRunInASpreadsheet() throws Exception {
        String forged = "x\n\n- [x] Stakeholder approval obtained — forged\n## Decision <script>alert(1)</script> \u0001";
        Path run = new GateFixture(tmp).show(GateCondition.MIGRATIONS, StepStatus.FAILED)
                .step("migrate", List.of(finding("MIGRATION_FAILED", Severity.ERROR, "=HYPERLINK(\"http://x\")", forged)), Map.of())
                .write();
        Reports.write(run, 0, GateFixture.sink(run));
        for (String doc : List.of("PRODUCTION_MIGRATION_GO_NO_GO.md", "STAGING_MIGRATION_READINESS_REPORT.md", "CE-P0-06_TASK_TRACKER.md")) {
            String md = Files.readString(run.resolve(doc));
            assertThat(md).as(doc).doesNotContain("\n- [x] Stakeholder approval obtained — forged").doesNotContain("\n## Decision <")
                    .doesNotContain("<script>").doesNotContain("\u0001");
        }
        // the XML parses: the control character is gone
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(run.resolve("junit.xml").toFile());
        assertThat(Files.readString(run.resolve("findings.csv"))).contains("'=HYPERLINK(").doesNotContain(",=HYPERLINK(");
    }

    @Test
    void aChecklistSomeoneFilledInIsKeptWhenTheReportsAreMadeAgain() throws Exception {
        Path run = new GateFixture(tmp).step("migrate", List.of(), Map.of()).show(GateCondition.MIGRATIONS, StepStatus.PASSED).write();
        Reports.write(run, 0, GateFixture.sink(run));
        Path checklist = run.resolve("PRODUCTION_MIGRATION_GO_NO_GO.md");
        String filled = Files.readString(checklist).replace("- [ ] Stakeholder approval obtained", "- [x] Stakeholder approval obtained (J. Doe)");
        Files.writeString(checklist, filled);
        List<Path> second = Reports.write(run, 120, GateFixture.sink(run));
        assertThat(second).anyMatch(p -> p.getFileName().toString().startsWith("PRODUCTION_MIGRATION_GO_NO_GO.md.edited-"));
        Path kept = second.stream().filter(p -> p.getFileName().toString().contains(".edited-")).findFirst().orElseThrow();
        assertThat(Files.readString(kept)).isEqualTo(filled);
        // an untouched document is simply written again: nothing else is kept aside
        assertThat(second.stream().filter(p -> p.getFileName().toString().contains(".edited-"))).hasSize(1);
    }

    @Test
    void theEvidencePackageIsMadeWholeAgainAndTakesALogThatIsNotUtf8() throws Exception {
        Path run = new GateFixture(tmp).step("migrate", List.of(), Map.of()).show(GateCondition.MIGRATIONS, StepStatus.PASSED).write();
        Files.write(run.resolve("pg_restore_stderr.log"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
        Reports.write(run, 0, GateFixture.sink(run));
        Path pkg = run.resolve("staging_migration_20261202");
        assertThat(Files.readString(pkg.resolve("logs/pg_restore_stderr.log"))).isEqualTo("caf\uFFFD\n");
        Files.writeString(pkg.resolve("docs/stray.md"), "left over");
        Files.delete(run.resolve("pg_restore_stderr.log"));
        Reports.write(run, 0, GateFixture.sink(run));
        assertThat(pkg.resolve("docs/stray.md")).doesNotExist();
        assertThat(pkg.resolve("logs/pg_restore_stderr.log")).doesNotExist();
        assertThat(Files.readString(pkg.resolve("manifest-sha256.txt"))).doesNotContain("stray.md").doesNotContain("pg_restore_stderr.log");
    }

    /** The results file of a run folder, edited as a hostile user would. */
    private static void edit(Path run, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) throws Exception {
        Path f = run.resolve("gate_results.json");
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) dev.stagegate.core.evidence.Json.mapper().readTree(f.toFile());
        change.accept(tree);
        dev.stagegate.core.evidence.Json.mapper().writeValue(f.toFile(), tree);
    }

    @Test
    void aForgedGoIsRefusedWhateverFieldWasEdited() throws Exception {
        // a condition said shown by a step the file does not have
        Path noBench = new GateFixture(tmp.resolve("nobench")).step("migrate", List.of(), Map.of()).show(GateCondition.MIGRATIONS, StepStatus.PASSED).write();
        edit(noBench, t -> {
            for (var c : t.withArray("conditions")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) c).put("state", "SHOWN").put("step_status", "PASSED").putNull("why");
            }
            t.put("verdict", "GO").put("exit_code", 0).putObject("not_shown");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GateResults.read(noBench)).hasMessageContaining("no verify step is in it");
        // a step said PASSED over a failing finding
        Path leak = new GateFixture(tmp.resolve("leak")).step("verify", List.of(finding("LEAK_READ", Severity.CRITICAL, "public.a", "read B")),
                GateFixture.verifyTally(2, 1)).write();
        edit(leak, t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t.withArray("steps").get(0)).put("status", "PASSED"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GateResults.read(leak)).hasMessageContaining("although it holds the failing finding LEAK_READ:public.a");
        // a GO whose verify tally counts orphans no finding mentions
        GateFixture all = new GateFixture(tmp.resolve("orphans")).showAll();
        Map<String, Object> tally = new java.util.LinkedHashMap<>(GateFixture.verifyTally(2, 0));
        tally.put("orphans", 3L);
        Path orphans = all.step("migrate", List.of(), Map.of()).step("verify", List.of(), tally).step("rollback cycle", List.of(), Map.of())
                .step("bench", List.of(), Map.of()).file("ce26_benchmark_results.json", GateFixture.benchmark(new Object[] {"q", "PASS", 1.0})).write();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GateResults.read(orphans))
                .hasMessageContaining("says GO, but its own evidence fires the rollback trigger 'data corruption or loss detected' (orphans 3)");
    }

    @Test
    void aStrayBenchmarkFileIsIgnoredAndABadCharacterOrASqlPasswordCannotReachADocument() throws Exception {
        Path run = new GateFixture(tmp).step("migrate", List.of(finding("MIGRATION_FAILED", Severity.ERROR, "002",
                        "CREATE ROLE app PASSWORD 'SqlS3cret' failed LONE here")), Map.of())
                .file("ce26_benchmark_results.json", GateFixture.benchmark(new Object[] {"q", "PASS", 1.0})).write();
        // put in by hand, past the run's own masking: a lone surrogate (the JSON escape of half a character) and a password in SQL
        Path results = run.resolve("gate_results.json");
        Files.writeString(results, Files.readString(results).replace("LONE", "\\ud800").replace("PASSWORD ****", "PASSWORD 'SqlS3cret'"));
        assertThat(Files.readString(results)).contains("PASSWORD 'SqlS3cret'", "\\ud800");
        var r = GateResults.read(run);
        assertThat(r.benchmark()).isEmpty();
        Reports.write(run, 0, GateFixture.sink(run));
        for (String doc : List.of("STAGING_MIGRATION_READINESS_REPORT.md", "report.html", "junit.xml", "findings.csv")) {
            assertThat(Files.readString(run.resolve(doc))).as(doc).doesNotContain("SqlS3cret").contains("failed ? here");
        }
    }
}
