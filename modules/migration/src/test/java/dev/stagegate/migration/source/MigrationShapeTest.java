package dev.stagegate.migration.source;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** What a file must be for "one file, one transaction" to hold (sweep M04, M05, M16, M17, M18, M22). */
class MigrationShapeTest {

    @TempDir
    Path dir;

    private static List<Finding> check(String sql) {
        return MigrationShape.check("003_x.sql", sql);
    }

    @Test
    void aCommitInTheMiddleIsRefusedAWholeFileWrapperIsNot() {
        assertThat(check("CREATE TABLE tf_a (id int);\nCOMMIT;\nCREATE TABLE tf_b (id int);\nSELECT 1/0;\n"))
                .extracting(Finding::code, Finding::message).containsExactly(tuple("MIGRATION_TRANSACTION_CONTROL",
                        "003_x.sql line 2 controls the transaction itself (COMMIT): a failure after it would leave part of the file "
                                + "applied; remove it (stagegate runs each file in one transaction) or split the file"));
        assertThat(check("BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n")).isEmpty();
        assertThat(check("CREATE TABLE a (id int);\nSAVEPOINT s;\nROLLBACK TO SAVEPOINT s;\n")).isEmpty();
        assertThat(check("CREATE TABLE a (id int);\nROLLBACK;\n")).extracting(Finding::code).containsExactly("MIGRATION_TRANSACTION_CONTROL");
        // a COMMIT inside a string or a function body is not one
        assertThat(check("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'COMMIT;' $$;\nINSERT INTO t VALUES ('COMMIT');\n")).isEmpty();
    }

    @Test
    void aMigrationThatChangesTheSessionsRoleIsRefused() {
        // the second sweep (N6): SET SESSION AUTHORIZATION made the history write fail after the file committed
        assertThat(check("CREATE TABLE a1 (x int);\nSET SESSION AUTHORIZATION nulltest;\n")).extracting(Finding::code)
                .containsExactly("MIGRATION_TRANSACTION_CONTROL");
        assertThat(check("SET ROLE app;\nCREATE TABLE a1 (x int);\n")).extracting(Finding::code).containsExactly("MIGRATION_TRANSACTION_CONTROL");
        assertThat(check("SET LOCAL ROLE app;\nCREATE TABLE a1 (x int);\n")).isEmpty();
    }

    @Test
    void aStatementThatCannotRunInATransactionMustBeAlone() {
        assertThat(check("CREATE TABLE a (id int);\nVACUUM ANALYZE a;\n")).extracting(Finding::code)
                .containsExactly("MIGRATION_NON_TRANSACTIONAL_MIXED");
        assertThat(check("CREATE INDEX CONCURRENTLY a_i ON a (id);\nCREATE INDEX CONCURRENTLY b_i ON b (id);\n"))
                .extracting(Finding::code).containsExactly("MIGRATION_NON_TRANSACTIONAL_MIXED", "MIGRATION_NON_TRANSACTIONAL_MIXED");
        assertThat(check("-- alone, as it must be\nCREATE INDEX CONCURRENTLY a_i ON a (id);\n")).isEmpty();
    }

    @Test
    void psqlOnlyInputIsRefused() {
        assertThat(check("\\i /etc/passwd\nCREATE TABLE a (id int);\n")).extracting(Finding::code, Finding::message).containsExactly(
                tuple("MIGRATION_PSQL_ONLY", "003_x.sql line 1 is a psql meta-command (\\i), which the server does not understand; write it as SQL"));
        assertThat(check("CREATE TABLE a (id int);\nCOPY a FROM stdin;\n1\n\\.\n")).extracting(Finding::code).contains("MIGRATION_PSQL_ONLY");
        assertThat(check("INSERT INTO a VALUES (1);\nSELECT E'\\\\i not a command';\n")).isEmpty();
    }

    @Test
    void anEmptyRollbackANulByteAndAByteOrderMark() throws Exception {
        // the second sweep: N7 an empty rollback "rolled back" nothing with exit 0; N9 a NUL byte reached the server;
        // N10 validate failed on a BOM that migrate accepted
        assertThat(MigrationShape.checkRollback("001_a.rollback.sql", "-- nothing here\n")).extracting(Finding::code)
                .containsExactly("ROLLBACK_MISSING");
        assertThat(MigrationShape.checkRollback("001_a.rollback.sql", "DROP TABLE a;")).isEmpty();
        assertThat(check("CREATE TABLE a (id int);\u0000")).extracting(Finding::message)
                .containsExactly("003_x.sql holds a NUL byte, which no PostgreSQL statement can contain; the file is damaged or not text");
        Path bom = dir.resolve("001_bom.sql");
        Files.writeString(bom, "\uFEFFCREATE TABLE a (id int);");
        assertThat(MigrationShape.read(bom)).isEqualTo("CREATE TABLE a (id int);");
    }

    @Test
    void anUnreadableOrNonUtf8FileIsAUsageErrorNamingIt() throws Exception {
        Path latin1 = dir.resolve("002_cafe.sql");
        Files.write(latin1, new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', 'c', 'a', 'f', (byte) 0xe9, '\'', ';'});
        assertThatThrownBy(() -> MigrationShape.requireRunnable(List.of(new Migration(new Version("2"), "cafe", latin1, null)), false)).isInstanceOfSatisfying(StagegateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID);
            assertThat(e.getMessage()).isEqualTo("002_cafe.sql is not UTF-8 text; save it as UTF-8");
        });
        // sweep M04 (mode 000) cannot be replayed as root, who reads any file: the same path, another read failure
        Path unreadable = java.nio.file.Files.createDirectory(dir.resolve("003_folder.sql"));
        assertThatThrownBy(() -> MigrationShape.read(unreadable)).isInstanceOfSatisfying(StagegateException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID);
            assertThat(e.getMessage()).startsWith("cannot read " + unreadable).endsWith("fix its permissions");
        });
        Path ok = dir.resolve("001_ok.sql");
        Files.writeString(ok, "CREATE TABLE a (id int);");
        MigrationShape.requireRunnable(List.of(new Migration(new Version("1"), "ok", ok, null)), false);
    }
}
