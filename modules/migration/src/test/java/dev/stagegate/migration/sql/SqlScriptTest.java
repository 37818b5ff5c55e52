package dev.stagegate.migration.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScriptTest {

    @Test
    void splitsOnSemicolonsOutsideStringsCommentsAndDollarBodies() {
        String sql = """
                -- a comment; not a statement end
                CREATE TABLE a (note text DEFAULT 'x;y');
                /* block; /* nested; */ still comment; */
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$
                BEGIN
                  RETURN 1; -- inside the body
                END;
                $fn$;
                INSERT INTO "we;ird" VALUES (E'it\\'s; fine', $1);
                DO $$ BEGIN PERFORM 1; END $$
                """;
        List<SqlStatement> statements = SqlScript.split(sql);
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0).startLine()).isEqualTo(2);
        assertThat(statements.get(0).code()).isEqualTo("CREATE TABLE A (NOTE TEXT DEFAULT '')");
        assertThat(statements.get(1).startLine()).isEqualTo(4);
        assertThat(statements.get(1).code()).contains("$BODY$").doesNotContain("RETURN 1");
        assertThat(statements.get(2).startLine()).isEqualTo(9);
        assertThat(statements.get(2).text()).contains("we;ird");
        assertThat(statements.get(3).code()).isEqualTo("DO $BODY$");
    }

    @Test
    void keywordsInsideStringsDoNotReachTheCode() {
        SqlStatement s = SqlScript.split("INSERT INTO log VALUES ('DROP TABLE users')").get(0);
        assertThat(s.code()).doesNotContain("DROP");
    }
}
