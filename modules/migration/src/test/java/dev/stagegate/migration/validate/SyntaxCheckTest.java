package dev.stagegate.migration.validate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.Finding;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser check tells a broken environment from broken SQL, and holds a bounded number of locks. */
class SyntaxCheckTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void aRoleWithoutTempPrivilegeIsOneEnvironmentErrorNotOneSyntaxErrorPerStatement() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE INDEX a_id ON a (id);");
        Files.writeString(dir.resolve("001_a.rollback.sql"), "DROP TABLE a;");
        Files.writeString(dir.resolve("002_b.sql"), "CREATE TABLE b (id bigint);");
        Files.writeString(dir.resolve("002_b.rollback.sql"), "DROP TABLE b;");
        MigrationSet set = MigrationSource.read(dir);
        String role = "sg_no_temp_" + db.name().replaceAll("\\W", "_");
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'no-temp-pw'");
        db.execute("REVOKE TEMP ON DATABASE \"" + db.name() + "\" FROM PUBLIC");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), role, "no-temp-pw")) {
            assertThatThrownBy(() -> Validator.validate(set, c, set.migrations(), List.of(), Map.of()))
                    .isInstanceOfSatisfying(StagegateException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_REJECTED);
                        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
                        assertThat(e.getMessage()).isEqualTo("cannot check the SQL of 001_a.sql line 1 on this server: "
                                + "permission denied to create temporary tables in database \"" + db.name() + "\" (SQLSTATE 42501); "
                                + "the checker creates a temporary function, so the role needs TEMP on the database; "
                                + "no statement was counted as parsed");
                    });
        } finally {
            db.execute("GRANT TEMP ON DATABASE \"" + db.name() + "\" TO PUBLIC");
            db.execute("DROP ROLE " + role);
        }
    }

    @Test
    void aTerminatedSessionIsOneEnvironmentError() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint);\nCREATE TABLE b (id bigint);");
        MigrationSet set = MigrationSource.read(dir);
        try (Connection c = db.connect()) {
            int pid = c.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            db.execute("SELECT pg_terminate_backend(" + pid + ")");
            assertThatThrownBy(() -> SyntaxCheck.check(c, set.migrations(), new String[] {Files.readString(dir.resolve("001_a.sql"))},
                    new ArrayList<>())).isInstanceOfSatisfying(StagegateException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
                        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
                        // Which of the two the driver reports depends on whether the server's goodbye
                        // arrived before the next send; both are the environment, never the SQL.
                        assertThat(e.getMessage()).matches("cannot check the SQL of 001_a\\.sql line 1 on this server: .*"
                                + "\\((SQLSTATE 57P01\\); the server ended the session \\(terminated, or shutting down\\)"
                                + "|SQLSTATE 08006\\); the connection to the server was lost); no statement was counted as parsed");
                    });
        }
    }

    @Test
    void onlyStatementErrorsAreSyntax() {
        assertThat(SyntaxCheck.isSyntax("42601")).isTrue();
        assertThat(SyntaxCheck.isSyntax("42P01")).isTrue();
        assertThat(SyntaxCheck.isSyntax("22P02")).isTrue();
        assertThat(SyntaxCheck.isSyntax("42501")).isFalse();
        assertThat(SyntaxCheck.isSyntax("53200")).isFalse();
        assertThat(SyntaxCheck.isSyntax("57014")).isFalse();
        assertThat(SyntaxCheck.isSyntax("08006")).isFalse();
        assertThat(SyntaxCheck.isSyntax("XX000")).isFalse();
        assertThat(SyntaxCheck.isSyntax(null)).isFalse();
    }

    @Test
    void genuineSyntaxErrorsStillCountAsSyntax() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint);\nSELEC 1;\nCREATE TABLE x (id bigint,);");
        MigrationSet set = MigrationSource.read(dir);
        List<String> log = new ArrayList<>();
        try (Connection c = db.connect()) {
            List<Finding> f = SyntaxCheck.check(c, set.migrations(), new String[] {Files.readString(dir.resolve("001_a.sql"))}, log);
            assertThat(f).extracting(Finding::code, Finding::object)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("SQL_SYNTAX", "001_a.sql:2"),
                            org.assertj.core.groups.Tuple.tuple("SQL_SYNTAX", "001_a.sql:3"));
        }
        assertThat(log).containsExactly("001_a.sql:2: syntax error at or near \"SELEC\"",
                "001_a.sql:3: syntax error at or near \")\"", "001_a.sql: 1 statement(s) parsed, 2 error(s)");
    }

    @Test
    void locksHeldStayBoundedOverThousandsOfStatements() throws Exception {
        StringBuilder sql = new StringBuilder("CREATE TABLE big (id bigint, v text);\n");
        for (int i = 0; i < 3000; i++) {
            sql.append("INSERT INTO big VALUES (").append(i).append(", 'v").append(i).append("');\n");
        }
        Files.writeString(dir.resolve("001_big.sql"), sql.toString());
        MigrationSet set = MigrationSource.read(dir);
        List<Long> locks = new ArrayList<>();
        try (Connection c = db.connect()) {
            List<String> log = new ArrayList<>();
            List<Finding> f = SyntaxCheck.check(c, set.migrations(), new String[] {sql.toString()}, log, () -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid()")) {
                    rs.next();
                    locks.add(rs.getLong(1));
                }
            });
            assertThat(f).isEmpty();
            assertThat(log).containsExactly("001_big.sql: 3001 statement(s) parsed, 0 error(s)");
        }
        // one probe per batch of SyntaxCheck.BATCH statements: 3001 statements are 7 function bodies
        assertThat(locks).hasSize((3001 + SyntaxCheck.BATCH - 1) / SyntaxCheck.BATCH);
        // The probe itself holds a few (pg_locks, its virtual xid); what matters is that the last batch
        // holds no more than the first.
        assertThat(locks.stream().distinct().toList()).containsExactly(locks.get(0));
    }

    @Test
    void anErrorInsideABatchIsFoundAndNamedByItsOwnLine() throws Exception {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= 1200; i++) {
            sql.append(i == 700 ? "SELEC 1;\n" : i == 1100 ? "CREATE TABLEE x (id int);\n" : "SELECT " + i + ";\n");
        }
        Files.writeString(dir.resolve("001_big.sql"), sql.toString());
        MigrationSet set = MigrationSource.read(dir);
        try (Connection c = db.connect()) {
            List<String> log = new ArrayList<>();
            List<Finding> f = SyntaxCheck.check(c, set.migrations(), new String[] {sql.toString()}, log);
            assertThat(f).extracting(Finding::object).containsExactly("001_big.sql:700", "001_big.sql:1100");
            assertThat(log).last().isEqualTo("001_big.sql: 1198 statement(s) parsed, 2 error(s)");
        }
    }
}
