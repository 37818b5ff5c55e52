package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.MigrationSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What a copy on the same server cannot run without changing the real server, and what it can. */
class ServerWideStatementsTest {

    @TempDir
    Path tmp;

    private void refused(String sql) throws Exception {
        Path m = Files.createDirectories(tmp.resolve("m" + Math.abs(sql.hashCode())));
        Files.writeString(m.resolve("001_x.sql"), "CREATE TABLE t (id int);\n" + sql + "\n");
        Files.writeString(m.resolve("001_x.rollback.sql"), "DROP TABLE t;\n");
        assertThatThrownBy(() -> ServerWideStatements.requireNone(MigrationSource.read(m))).as(sql)
                .isInstanceOf(StagegateException.class).hasMessageContaining("001_x.sql line 2").hasMessageContaining("changes the whole server");
    }

    @Test
    void rolesTablespacesDatabasesAndSharedCatalogsAreRefused() throws Exception {
        for (String sql : new String[]{"CREATE ROLE app NOLOGIN;", "alter user app PASSWORD 'x';", "DROP GROUP g;", "CREATE TABLESPACE ts LOCATION '/x';",
                "ALTER DATABASE stagegate SET work_mem = '64MB';", "ALTER SYSTEM SET work_mem = '64MB';", "GRANT app TO other;",
                "GRANT CONNECT ON DATABASE stagegate TO app;", "COMMENT ON DATABASE stagegate IS 'x';", "REASSIGN OWNED BY a TO b;",
                // reached through dynamic SQL or another connection: refused wherever they are spelt
                "DO $$ BEGIN EXECUTE 'CREATE ROLE x'; END $$;", "SELECT dblink_exec('dbname=prod', 'UPDATE t SET id = 1');",
                "DROP DATABASE stagegate WITH (FORCE);"}) {
            refused(sql);
        }
    }

    @Test
    void statementsOfOneDatabaseAreFine() throws Exception {
        Path m = Files.createDirectories(tmp.resolve("fine"));
        Files.writeString(m.resolve("001_x.sql"), "CREATE TABLE t (id int);\nGRANT SELECT ON t TO PUBLIC;\nCOMMENT ON TABLE t IS 'role of t';\n"
                + "ALTER TABLE t ADD COLUMN role text;\nCREATE USER MAPPING FOR PUBLIC SERVER s;\n");
        Files.writeString(m.resolve("001_x.rollback.sql"), "DROP TABLE t;\n");
        assertThatCode(() -> ServerWideStatements.requireNone(MigrationSource.read(m))).doesNotThrowAnyException();
        assertThat(true).isTrue();
    }
}
