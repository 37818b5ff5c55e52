package dev.stagegate.migration.engine;

import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed migration or rollback in one line: the file that failed (the rollback file for a rollback), the
 * statement's line, SQLSTATE and message, what remains, the version it left and what to do next.
 */
class FailureLinesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void aFailedForwardAndAFailedRollbackNameTheirOwnFileLineAndTheVersionLeft() throws Exception {
        Files.writeString(dir.resolve("001_accounts.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
        Files.writeString(dir.resolve("001_accounts.rollback.sql"), "DROP TABLE accounts;");
        Files.writeString(dir.resolve("002_orders.sql"), "CREATE TABLE orders (id bigint);\nINSERT INTO orders VALUES (1);\n"
                + "INSERT INTO nope VALUES (2);\n");
        Files.writeString(dir.resolve("002_orders.rollback.sql"), "DROP TABLE orders;");
        db.execute("CREATE DATABASE failure_lines");
        try (Connection c = db.server().connect("failure_lines");
             MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(dir), EngineOptions.defaults(), e -> { })) {
            MigrationRun up = engine.migrate(null);
            assertThat(up.failure()).isEqualTo("002_orders.sql line 3: ERROR: relation \"nope\" does not exist (SQLSTATE 42P01); its "
                    + "transaction was undone, so none of its statements took effect; the schema is at version 001: fix the statement and "
                    + "run migrate again");
            // 002 fixed, then applied, so that its rollback (made to fail below) has something to undo
            Files.writeString(dir.resolve("002_orders.sql"), "CREATE TABLE orders (id bigint);");
        }
        try (Connection c = db.server().connect("failure_lines");
             MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(dir), EngineOptions.defaults(), e -> { })) {
            assertThat(engine.migrate(null).failure()).isNull();
            // the rollback's second statement fails: the line is the rollback file's, not the forward file's
            Files.writeString(dir.resolve("002_orders.rollback.sql"), "DROP TABLE orders;\nDROP TABLE ledgers;\n");
        }
        try (Connection c = db.server().connect("failure_lines");
             MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(dir), EngineOptions.defaults(), e -> { })) {
            MigrationRun down = engine.rollback("001");
            assertThat(down.failure()).isEqualTo("002_orders.rollback.sql line 2: ERROR: table \"ledgers\" does not exist (SQLSTATE 42P01); "
                    + "that rollback's transaction was undone, so 002_orders.sql is still applied, whole; the schema is at version 002: fix "
                    + "that rollback and run rollback again");
        }
    }
}
