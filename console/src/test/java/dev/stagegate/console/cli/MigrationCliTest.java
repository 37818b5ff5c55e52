package dev.stagegate.console.cli;

import dev.stagegate.core.example.Example;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 3's "done when": on c2pro, from the CLI, validate, lint, preview, migrate 001→005, roll back to 003, forward again. */
class MigrationCliTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private CliRun run(String... args) {
        String[] full = Stream.concat(Stream.of(args), Stream.of("--evidence", tmp.resolve("evidence").toString())).toArray(String[]::new);
        return CliRun.of(full);
    }

    @Test
    void theC2proFlowFromTheCommandLine() throws Exception {
        CliRun example = CliRun.of("example", "c2pro", "--to", "001");
        assertThat(example.exitCode()).as(example.err()).isZero();
        assertThat(example.out()).contains("[SUCCESS] Migration 001 completed").contains("Generated data at scale 1");

        CliRun validate = run("validate", "--example", "c2pro");
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
        assertThat(validate.out()).contains("5 migration(s), 4 pending; 0 failing").contains("migration_dependency_graph.md")
                .contains("migration_execution_plan.md");

        CliRun lint = run("lint", "--example", "c2pro");
        assertThat(lint.exitCode()).isZero();
        assertThat(lint.out()).contains("FOREIGN_KEY_ADD").contains("lint: 0 failing");

        CliRun preview = run("preview", "--example", "c2pro");
        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("CREATE POLICY tenant_isolation ON tenants").contains("INSERT INTO public.databasechangelog");
        assertThat(CliRun.of("status", "--example", "c2pro").out()).contains("Current schema version: 001");

        CliRun migrate = run("migrate", "--example", "c2pro");
        assertThat(migrate.exitCode()).as(migrate.out() + migrate.err()).isZero();
        assertThat(migrate.out()).contains("[INFO] Current schema version: 001", "[INFO] Target schema version: 005",
                "[INFO] Executing migration 002_rls_policies.sql...", "[INFO] New schema version: 005");
        assertThat(migrate.out()).containsPattern("\\[SUCCESS] Migration 002 completed in \\d+ ms");

        Path timings;
        try (Stream<Path> files = Files.walk(tmp.resolve("evidence"))) {
            timings = files.filter(p -> p.getFileName().toString().equals("migration_timings.json")).findFirst().orElseThrow();
        }
        CliRun planned = run("validate", "-m", Example.locate("c2pro").migrationsDir().toString(), "--timings", timings.toString());
        assertThat(planned.exitCode()).as(planned.out()).isZero();
        String plan = Files.readString(Path.of(planned.out().lines().filter(l -> l.endsWith("migration_execution_plan.md"))
                .findFirst().orElseThrow().substring("wrote ".length())));
        assertThat(plan).containsPattern("\\| 002_rls_policies.sql .* \\| \\d+ ms \\|").contains("Estimated total: ");

        CliRun previewBack = run("preview", "--example", "c2pro", "--rollback-to", "003");
        assertThat(previewBack.out()).contains("DROP TABLE audit_logs").contains("DROP INDEX idx_projects_tenant_id");

        CliRun back = run("rollback", "--example", "c2pro", "--to", "003");
        assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
        assertThat(back.out()).contains("[SUCCESS] Rolled back to 003");
        assertThat(CliRun.of("status", "--example", "c2pro").out()).contains("Current schema version: 003")
                .contains("pending  004_indexes_optimization.sql");

        CliRun forward = run("migrate", "--example", "c2pro");
        assertThat(forward.exitCode()).isZero();
        assertThat(forward.out()).contains("[INFO] New schema version: 005");

        CliRun history = CliRun.of("history", "--example", "c2pro");
        assertThat(history.out()).containsPattern("005\\s+EXECUTED\\s+005");

        try (Stream<Path> files = Files.walk(tmp.resolve("evidence"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("migration_execution.log", "migration_timings.json",
                    "rollback_execution.log", "preview_update.sql", "preview_rollback.sql", "lint_findings.json", "syntax_validation.log");
        }
    }

    @Test
    void refusalsAndFailuresHaveTheirExitCodes() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("m"));
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE IF NOT EXISTS cli_a (id bigint PRIMARY KEY);");
        Files.writeString(dir.resolve("002_b.sql"), "CREATE TABLE IF NOT EXISTS cli_b (id bigint);\nSELEC 1;");
        String m = dir.toString();
        String[] target = {"--env", "embedded"};

        CliRun failed = run("migrate", "-m", m, target[0], target[1]);
        assertThat(failed.exitCode()).isEqualTo(4);
        assertThat(failed.errorLine()).startsWith("error SG-MIGRATION-FAILED: 002_b.sql line 2: ERROR: syntax error");

        CliRun unknown = run("rollback", "-m", m, "--to", "042", target[0], target[1]);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.errorLine()).contains("SG-VERSION-UNKNOWN").contains("'042'");

        Files.writeString(dir.resolve("002_b.sql"), "CREATE TABLE IF NOT EXISTS cli_b (id bigint);");
        assertThat(run("migrate", "-m", m, target[0], target[1]).exitCode()).isZero();
        CliRun noRollback = run("rollback", "-m", m, "--to", "001", target[0], target[1]);
        assertThat(noRollback.exitCode()).isEqualTo(2);
        assertThat(noRollback.errorLine()).contains("SG-ROLLBACK-MISSING").contains("002_b.sql");

        Files.writeString(dir.resolve("003_drop.sql"), "DROP TABLE cli_a;");
        CliRun lint = run("lint", "-m", m);
        assertThat(lint.exitCode()).isEqualTo(1);
        assertThat(lint.out()).contains("DROP_TABLE");

        assertThat(run("migrate", "-m", tmp.resolve("nope").toString()).errorLine()).contains("SG-INPUT-INVALID");
        assertThat(run("migrate", "--lock-timeout", "soon", "-m", m, target[0], target[1]).errorLine()).contains("'soon' is not a duration");
        // lock_timeout 0 would disable the main safety default: refused unless asked for by name
        CliRun zero = run("migrate", "--lock-timeout", "0", "-m", m, target[0], target[1]);
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.errorLine()).contains("--lock-timeout 0 turns the lock timeout off").contains("--no-lock-timeout");
    }

    @Test
    void otherToolsLayoutsByPositionalPathAndTheirFailuresInOneLine() throws Exception {
        // a diesel project: folders of up.sql + down.sql; its rollback's typo is found by the parser before anything runs
        Path diesel = tmp.resolve("diesel");
        Files.createDirectories(diesel.resolve("2024-01-01-120000_cli_users"));
        Files.createDirectories(diesel.resolve("2024-02-01-120000_cli_orders"));
        Files.writeString(diesel.resolve("2024-01-01-120000_cli_users/up.sql"), "CREATE TABLE cli_users (id int PRIMARY KEY);");
        Files.writeString(diesel.resolve("2024-01-01-120000_cli_users/down.sql"), "DROP TABLE cli_users;");
        Files.writeString(diesel.resolve("2024-02-01-120000_cli_orders/up.sql"), "CREATE TABLE cli_orders (id int);\nINSERT INTO nope VALUES (1);");
        Files.writeString(diesel.resolve("2024-02-01-120000_cli_orders/down.sql"), "-- undo\nDROP TABLEE cli_orders;");
        CliRun validate = run("validate", diesel.toString());
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isEqualTo(1);
        assertThat(validate.out()).contains("SQL_SYNTAX").contains("2024-02-01-120000_cli_orders/down.sql:2").doesNotContain("MIGRATION_VERSION_GAP");
        // a failing forward migration: one line on stderr naming file, line, SQLSTATE and the version left, nothing else
        Files.writeString(diesel.resolve("2024-02-01-120000_cli_orders/down.sql"), "DROP TABLE cli_orders;");
        // a database of its own: the embedded one holds the other tests' history
        db.execute("CREATE DATABASE cli_layouts");
        String url = db.jdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/") + "cli_layouts?user=" + db.user();
        CliRun failed = run("migrate", diesel.toString(), "--url", url);
        assertThat(failed.exitCode()).isEqualTo(4);
        assertThat(failed.err().strip().lines()).singleElement().asString().isEqualTo("error SG-MIGRATION-FAILED: 2024-02-01-120000_cli_orders/up.sql "
                + "line 2: ERROR: relation \"nope\" does not exist (SQLSTATE 42P01); its transaction was undone, so none of its statements took "
                + "effect; the schema is at version 20240101120000: fix the statement and run migrate again");
        // graphile-migrate's working folder alone: nothing read is an error, not an exit 0
        Path wip = Files.createDirectories(tmp.resolve("graphile"));
        Files.writeString(wip.resolve("current.sql"), "CREATE TABLE x (id int);");
        CliRun nothing = run("lint", wip.toString());
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.errorLine()).contains("no migration read from").contains("current.sql");
        CliRun layout = run("validate", "--layout", "alembic", diesel.toString());
        assertThat(layout.exitCode()).isEqualTo(2);
        assertThat(layout.errorLine()).contains("--layout alembic is not a layout");
    }
}
