package dev.stagegate.console.cli;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input sweep of 2026-12-01 ({@code shared/reviews/2026-12-01-bad-input-sweep.md}) as rows:
 * each replays its input through the CLI and asserts the exit code, one stderr line with the
 * expected text, no stack trace, and no secret anywhere in what it printed or wrote. The next sweep
 * adds rows, not code. {@code ${tmp}} in arguments and files is the row's own folder;
 * {@code ${db}} a JDBC URL of the test database.
 */
class BadInputSweepTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    /**
     * One sweep row: files to lay down first (name to content; bytes as "hex:..."), the command, what must
     * come out. An exit of -1 means any: the row is about what the output holds (secrets), not the outcome.
     */
    record Row(String id, Map<String, String> files, List<String> args, int exit, String errorContains, List<String> secrets) {
        @Override
        public String toString() {
            return id;
        }
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // P10: System.exit in the profiles file ran and exited 0 with nothing printed
        rows.add(row("P10", files("exit.groovy", "System.exit(0)\n"), 2, "a profiles file is data",
                "snapshot", "--config", "${tmp}/exit.groovy", "--env", "x"));
        // P08: System.getenv of an unset variable became the password "null"
        rows.add(row("P08", files("getenv.groovy", "environments { rel { target { host = 'h'; password = System.getenv('NOPE_MISSING_PW') } } }\n"),
                2, "passwordEnv", "snapshot", "--config", "${tmp}/getenv.groovy", "--env", "rel"));
        // P11: binary profiles file: "cannot read config file ...: Input length = 1"
        rows.add(row("P11", files("bin.groovy", "hex:fffe00c3"), 2, "is not UTF-8 text",
                "snapshot", "--config", "${tmp}/bin.groovy", "--env", "x"));
        // P13: a folder as --config was "does not exist"
        rows.add(row("P13", files("cfgdir/keep", ""), 2, "is a folder", "snapshot", "--config", "${tmp}/cfgdir", "--env", "x"));
        // P18: --debug with a syntax error on the password line printed Groovy's source excerpt
        rows.add(row("P18", files("syntax.groovy", "target { user = 'u'; password = \"CfgSyntaxPw_32 }\n"), 2, "SG-CONFIG-SYNTAX",
                List.of("CfgSyntaxPw_32"), "snapshot", "--debug", "--config", "${tmp}/syntax.groovy", "--env", "x"));
        // S04: System.exit(0) after a failed expectation gave exit 0 with no verdict
        rows.add(row("S04", files("exit.groovy", "connect()\nexpect { noRows 'must be empty', 'SELECT 1' }\nSystem.exit(0)\n"), 2,
                "cannot end the JVM", "run", "${tmp}/exit.groovy", "--evidence", "${tmp}/ev"));
        rows.add(row("S04-halt", files("halt.groovy", "Runtime.getRuntime().halt(0)\n"), 2, "cannot end the JVM",
                "run", "${tmp}/halt.groovy", "--evidence", "${tmp}/ev"));
        // R01..R04: stagegate report on what is not a saved run
        rows.add(row("R01", files(), 2, "is not a folder: give the run folder", "report", "${tmp}/no-such-run"));
        rows.add(row("R02", files("notarun/keep", ""), 2, "holds no gate_results.json", "report", "${tmp}/notarun"));
        rows.add(row("R03", files("oldrun/gate_results.json", "{\"verdict\": \"GO\", \"steps\": []}"), 2, "from an older stagegate",
                "report", "${tmp}/oldrun"));
        rows.add(row("R04", files("cutrun/gate_results.json", "{\"schema\": \"stagegate.gate-results/2\", \"steps\": ["), 2,
                "is not readable JSON", "report", "${tmp}/cutrun"));
        rows.add(row("R05", files("wrun/gate_results.json", "{\"schema\": \"stagegate.gate-results/2\", \"verdict\": \"GO\", \"steps\": []}"), 2,
                "--window '1ms' is not a maintenance window of whole minutes", "report", "${tmp}/wrun", "--window", "1ms"));
        rows.add(row("R06", files("wrun2/keep", ""), 2, "--window '99999999999999999999h' is too large", "report", "${tmp}/wrun2", "--window",
                "99999999999999999999h"));
        // a results file whose verdict its steps do not give (hand-edited to GO over a failed migrate) is refused, not reported as GO
        rows.add(row("R07", files("forged/gate_results.json", "{\"schema\": \"stagegate.gate-results/2\", \"verdict\": \"GO\", \"exit_code\": 0, "
                + "\"steps\": [{\"step\": \"migrate\", \"status\": \"FAILED\", \"summary\": \"x\"}], \"conditions\": []}"), 2,
                "says GO (exit 0), but its steps and conditions give NO-GO", "report", "${tmp}/forged"));
        rows.add(row("R08", files("badstatus/gate_results.json", "{\"schema\": \"stagegate.gate-results/2\", \"verdict\": \"GO\", "
                + "\"steps\": [{\"step\": \"migrate\", \"status\": \"MAYBE\", \"summary\": \"x\"}]}"), 2, "has status 'MAYBE', not one of", "report", "${tmp}/badstatus"));
        // S09: an empty script was GO
        rows.add(row("S09", files("empty.groovy", ""), 5, null, "run", "${tmp}/empty.groovy", "--evidence", "${tmp}/ev"));
        // S10: a folder as the script said "does not exist"
        rows.add(row("S10", files("scriptdir/keep", ""), 2, "is a folder", "run", "${tmp}/scriptdir"));
        // S08: a binary script was SG-INTERNAL, exit 4
        rows.add(row("S08", files("bin.groovy", "hex:fffe00c3"), 2, "is not UTF-8 text", "run", "${tmp}/bin.groovy"));
        // E01: example --to 999 dropped the example's database, then exited 2
        rows.add(row("E01", files(), 2, "has no migration 999; nothing was changed", "example", "c2pro", "--to", "999"));
        rows.add(row("E01-scale", files(), 2, "scale must be 0 or more", "example", "c2pro", "--scale", "-1"));
        // C05: --lock-retries -5 was taken as 0 retries
        rows.add(row("C05", files(), 2, "--lock-retries", "migrate", "--example", "c2pro", "--lock-retries", "-5"));
        // U02, U03: pgjdbc's java.util.logging printed two WARNING lines before the error
        rows.add(row("U02", files(), 2, "SG-URL-MALFORMED", "snapshot", "--url", "jdbc:postgresql://127.0.0.1:notaport/reldb"));
        rows.add(row("U03", files(), 2, "SG-URL-MALFORMED", "snapshot", "--url", "jdbc:postgresql://127.0.0.1:99999/reldb"));
        // U07, U08, U09, P16, P17: passwords holding '@', or a jdbc URL with userinfo, were echoed in part or whole; now
        // the userinfo runs to the last '@', so these are parsed (and refused by the closed port), never printed
        rows.add(row("U07", files(), 3, "SG-CONN-REFUSED", List.of("ss:word", "p@ss"), "snapshot", "--url",
                "postgresql://relapp:p@ss:word@127.0.0.1:5496/reldb"));
        rows.add(row("U08", files(), 3, "SG-CONN-REFUSED", List.of("Rel_Zq81xK", "Pw4@"), "snapshot", "--url",
                "postgresql://relapp:Pw4@Rel_Zq81xK@127.0.0.1:5496/reldb"));
        rows.add(row("U09", files(), 3, "SG-HOST-UNKNOWN", List.of("JdbcUserInfo99"), "snapshot", "--url",
                "jdbc:postgresql://relapp:JdbcUserInfo99@no-such-host.invalid:5496/reldb"));
        rows.add(row("P16", files("p.groovy", "environments { rel { target { url = 'postgresql://relapp:Pw_33@x@127.0.0.1:5496/reldb' } } }\n"),
                3, "SG-CONN-REFUSED", List.of("Pw_33"), "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("P17", files("p.groovy", "environments { rel { target { url = 'jdbc:postgresql://relapp:CfgJdbcPw_34@no-such-host.invalid:5496/reldb' } } }\n"),
                3, "SG-HOST-UNKNOWN", List.of("CfgJdbcPw_34"), "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        // U12, U16, U18: bad driver options were classed as "not PostgreSQL" or a connection failure (exit 3)
        rows.add(row("U12", files(), 2, "sslmode 'bogus' is not one of", List.of("UrlPw_12"), "snapshot", "--url",
                "jdbc:postgresql://127.0.0.1:5496/reldb?sslmode=bogus&password=UrlPw_12"));
        rows.add(row("U16", files(), 2, "control character", "snapshot", "--url", "postgresql://u@127.0.0.1:5496/reldb%00x"));
        rows.add(row("U18", files(), 2, "connectTimeout 'abc' is not a whole number", "snapshot", "--url",
                "jdbc:postgresql://127.0.0.1:5496/reldb?connectTimeout=abc"));
        // U14: an empty --url was taken as no --url, with a garbled hint
        rows.add(row("U14", files(), 2, "--url is empty", "snapshot", "--url", ""));
        rows.add(row("U14-space", files(), 2, "--url is empty", "snapshot", "--url", " "));
        // T08, U13: a server asking for a password the target lacks gave the raw driver text
        rows.add(row("T08", files(), 3, "asks user 'sg_sweep_pw' for a password and none was given", "snapshot", "--url",
                "postgresql://sg_sweep_pw@${host}:${port}/${dbname}"));
        rows.add(row("U13", files(), 3, "asks user 'sg_sweep_pw' for a password and none was given", "snapshot", "--url",
                "jdbc:postgresql://${host}:${port}/${dbname}?user=sg_sweep_pw&password="));
        // M12: duplicate versions both applied with exit 0; M26/M27: a V3__ file, .SQL, a folder, a symlink
        rows.add(row("M12", files("m/001_init.sql", "CREATE TABLE sweep_accounts (id int);\n", "m/001_init.rollback.sql", "DROP TABLE sweep_accounts;\n",
                "m/1_other.sql", "CREATE TABLE sweep_d (id int);\n", "m/1_other.rollback.sql", "DROP TABLE sweep_d;\n"), 2,
                "cannot run as they are", "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        rows.add(row("M12-validate", files("m/001_init.sql", "CREATE TABLE sweep_accounts (id int);\n", "m/1_other.sql", "SELECT 1;\n"), 2,
                "cannot run as they are", "validate", "-m", "${tmp}/m"));
        rows.add(row("M26", files("m/001_init.sql", "CREATE TABLE sweep_accounts (id int);\n", "m/001_init.rollback.sql", "DROP TABLE sweep_accounts;\n",
                "m/V3__extra.sql", "CREATE TABLE sweep_extra (id int);\n"), 2, "V3__extra.sql is a Flyway migration in a numbered folder",
                "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        rows.add(row("M27", files("m/001_init.sql", "CREATE TABLE sweep_accounts (id int);\n", "m/001_init.rollback.sql", "DROP TABLE sweep_accounts;\n",
                "m/004_upper.SQL", "SELECT 1;\n", "m/005_dir.sql/keep", ""), 2, "004_upper.SQL would be skipped",
                "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        // M16, M17, M18, M22: statements with their own transaction control or psql-only input ran, then failed
        // with stack traces and false claims
        rows.add(row("M16", files("m/001_txnfail.sql", "CREATE TABLE sweep_tf_a (id int);\nCOMMIT;\nCREATE TABLE sweep_tf_b (id int);\nSELECT 1/0;\n",
                "m/001_txnfail.rollback.sql", "DROP TABLE IF EXISTS sweep_tf_a;\n"), 2, "001_txnfail.sql line 2 controls the transaction itself",
                "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        rows.add(row("M17", files("m/001_meta.sql", "\\set x 1\n\\i /etc/passwd\nCREATE TABLE sweep_meta (id int);\n",
                "m/001_meta.rollback.sql", "DROP TABLE sweep_meta;\n"), 2, "is a psql meta-command", List.of("root:x:0"),
                "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        rows.add(row("M18", files("m/001_copy.sql", "CREATE TABLE sweep_copy (id int);\nCOPY sweep_copy FROM stdin;\n1\n\\.\n",
                "m/001_copy.rollback.sql", "DROP TABLE sweep_copy;\n"), 2, "COPY ... FROM STDIN needs psql",
                "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        rows.add(row("M22", files("m/001_mixed.sql", "CREATE TABLE sweep_cc (id int);\nCREATE INDEX CONCURRENTLY sweep_cc_i ON sweep_cc (id);\n",
                "m/001_mixed.rollback.sql", "DROP TABLE sweep_cc;\n"), 2, "cannot run inside a transaction",
                "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        // M05, M07: binary or Latin-1 files were SG-INTERNAL, exit 4, with no file named
        rows.add(row("M05", files("m/001_ok.sql", "CREATE TABLE sweep_ok (id int);\n", "m/001_ok.rollback.sql", "DROP TABLE sweep_ok;\n",
                "m/002_garbage.sql", "hex:fffe00c3a0ff", "m/002_garbage.rollback.sql", "SELECT 1;\n"), 2, "002_garbage.sql is not UTF-8 text",
                "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        // M23: a migration failing half way printed 76 lines of Liquibase SEVERE and a stack trace
        rows.add(row("M23", files("m/001_half.sql", "CREATE TABLE sweep_half (id int);\nINSERT INTO sweep_half VALUES (1);\nSELECT 1/0;\n",
                "m/001_half.rollback.sql", "DROP TABLE sweep_half;\n"), 4, "division by zero (SQLSTATE 22012); its transaction was undone, so none of its statements took effect",
                "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        // H04: a hostile --tenant-setting gave SG-INTERNAL and a two-line server message
        rows.add(row("H04", files(), 2, "is not a setting name", "verify", "--url", "${db}?user=postgres", "--tenant-column", "tenant_id",
                "--tenant-setting", "x'); DROP TABLE t; --"));
        StringBuilder bigScript = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            bigScript.append("x").append(i).append(" = ").append(i).append("\n");
        }
        // S07: a 10,000-line script said only "startup failed:"
        rows.add(row("S07", files("big.groovy", bigScript.toString()), 2, "too large for one Groovy method", "run", "${tmp}/big.groovy"));
        // M06: control characters in valid UTF-8 gave 69 lines of Liquibase SEVERE and a stack trace
        rows.add(row("M06", files("m/001_ctl.sql", "CREATE TABLE sweep_ctl (id int);\n\u0001\u0002 garbage \u0007;\n",
                "m/001_ctl.rollback.sql", "DROP TABLE sweep_ctl;\n"), 4, "001_ctl.sql", "migrate", "-m", "${tmp}/m", "--url", "${db}?user=postgres"));
        // ---- the sweep's OK rows: they must stay OK ----
        rows.add(row("T01", files(), 3, "SG-CONN-REFUSED", "snapshot", "--url", "jdbc:postgresql://127.0.0.2:5999/reldb"));
        rows.add(row("T02", files(), 3, "SG-CONN-REFUSED", "snapshot", "--url", "jdbc:postgresql://127.0.0.1:5497/reldb"));
        rows.add(row("T06", files(), 3, "SG-AUTH-FAILED", List.of("WrongPw_6"), "snapshot", "--url",
                "postgresql://sg_sweep_pw:WrongPw_6@${host}:${port}/${dbname}"));
        rows.add(row("T09", files(), 3, "SG-DB-MISSING", "snapshot", "--url", "jdbc:postgresql://${host}:${port}/nosuchdb?user=postgres"));
        rows.add(row("T10", files(), 3, "SG-AUTH", "snapshot", "--url", "jdbc:postgresql://${host}:${port}/${dbname}?user=ghost"));
        rows.add(row("U04", files(), 2, "SG-URL-MALFORMED", "snapshot", "--url", "postgresql://"));
        rows.add(row("U05", files(), 3, "SG-CONN-REFUSED", "snapshot", "--url", "postgres://u@127.0.0.1:5999/db"));
        for (String foreign : List.of("mysql://h/db", "jdbc:mysql://h/db", "h:5432/db", "file:///etc/passwd")) {
            rows.add(row("U06 " + foreign, files(), 2, "SG-URL-MALFORMED", "snapshot", "--url", foreign));
        }
        rows.add(row("U10", files(), 3, "SG-CONN-REFUSED", List.of("a/b#c?d"), "snapshot", "--url", "postgresql://u:a/b#c?d@127.0.0.1:5496/reldb"));
        rows.add(row("U11", files(), 2, "SG-URL-MALFORMED", "snapshot", "--url", "postgresql://u@[::1:5496/reldb"));
        rows.add(row("U15", files(), 3, "SG-DB-MISSING", "snapshot", "--url", "jdbc:postgresql://${host}:${port}/has space?user=postgres"));
        rows.add(row("U17", files(), 2, "SG-URL-MALFORMED", "snapshot", "--url", "postgresql://u@127.0.0.1:5496/re%zzldb"));
        rows.add(row("U17-port", files(), 2, "SG-URL-MALFORMED", "snapshot", "--url", "jdbc:postgresql://127.0.0.1:-1/reldb"));
        rows.add(row("U19", files(), 2, "SG-URL-MALFORMED", List.of("BadPortPw_19"), "snapshot", "--url",
                "jdbc:postgresql://127.0.0.1:notaport/reldb?password=BadPortPw_19"));
        rows.add(row("U20", files(), 0, null, List.of("SweepPw_1"), "snapshot", "--url", "postgresql://sg_sweep_pw:Sweep%50w_1@${host}:${port}/${dbname}"));
        rows.add(row("P02", files("p.groovy", "environments { rel { target { host = 'h' } } }\n"), 2, "SG-PROFILE-UNKNOWN",
                "snapshot", "--config", "${tmp}/p.groovy", "--env", "nosuch"));
        rows.add(row("P03", files("p.groovy", "environments { rel { target { host = 'h' \n"), 2, "SG-CONFIG-SYNTAX",
                "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("P05", files("p.groovy", "environments { rel { target { host = 'h'; databse = 'x' } } }\n"), 2, "unknown setting 'databse'",
                "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("P06", files("p.groovy", "environments { rel { host = 'h' } }\n"), 2, "has no target",
                "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("P07", files("p.groovy", "environments { rel { target { host = 'h'.foo() } } }\n"), 2, "SG-CONFIG-SYNTAX",
                "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("P09", files("p.groovy", "environments { rel { target { host = 'h'; port = 'abc' } } }\n"), 2, "is not a port",
                "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("P12", files(), 2, "SG-CONFIG-MISSING", "snapshot", "--config", "${tmp}/nope.groovy", "--env", "rel"));
        rows.add(row("P14", files("p.groovy", "environments { rel { target { host = '${host}'; port = ${port}; database = '${dbname}'; "
                + "user = 'sg_sweep_pw'; password = 'Inline_Pw_14' } } }\n"), 3, "SG-AUTH-FAILED", List.of("Inline_Pw_14"),
                "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("P15", files("p.groovy", "environments { rel { target { url = 'postgresql://sg_sweep_pw:SweepPw_1@${host}:${port}/${dbname}' } } }\n"),
                0, null, List.of("SweepPw_1"), "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("M01", files("m/keep.txt", ""), 2, "no migrations in", "validate", "-m", "${tmp}/m"));
        rows.add(row("M02", files(), 2, "does not exist", "validate", "-m", "${tmp}/missing"));
        rows.add(row("M03", files("m/notes.txt", "x", "plain.sql", "SELECT 1;\n"), 2, "is a plain SQL file", "validate", "-m", "${tmp}/plain.sql"));
        rows.add(row("M13", files("m/001_a.sql", "CREATE TABLE sw_a (id int);\n", "m/001_a.rollback.sql", "DROP TABLE sw_a;\n",
                "m/005_e.sql", "CREATE TABLE sw_e (id int);\n", "m/005_e.rollback.sql", "DROP TABLE sw_e;\n"), 0, null,
                "migrate", "-m", "${tmp}/m", "--url", "${rowdb}"));
        rows.add(row("M14", files("m/001_a.sql", "CREATE TABLE sw_a (id int);\n", "m/001_a.rollback.sql", "DROP TABLE sw_a;\n",
                "m/002_b.sql", "CREATE TABLE sw_b (id int);\n"), 1, null, "validate", "-m", "${tmp}/m"));
        rows.add(row("M15", files("m/001_a.sql", "BEGIN;\nCREATE TABLE sw_a (id int);\nCOMMIT;\n", "m/001_a.rollback.sql", "DROP TABLE sw_a;\n"),
                0, null, "migrate", "-m", "${tmp}/m", "--url", "${rowdb}"));
        rows.add(row("M19", files("m/001_do.sql", "CREATE TABLE sw_do (v text);\nDO $outer$ BEGIN EXECUTE $inner$INSERT INTO sw_do VALUES ('a;b')$inner$; END $outer$;\n"
                + "CREATE FUNCTION sw_f() RETURNS text LANGUAGE sql AS $$ SELECT 'x;y' $$;\nSELECT $x$;;$x$;\n", "m/001_do.rollback.sql",
                "DROP FUNCTION sw_f(); DROP TABLE sw_do;\n"), 0, null, "migrate", "-m", "${tmp}/m", "--url", "${rowdb}"));
        rows.add(row("M20", files("m/001_s.sql", "CREATE TABLE sw_s (v text); -- a comment; with a semicolon\n/* block; comment */\n"
                + "INSERT INTO sw_s VALUES ('a;b'), (E'c\\';d');\n", "m/001_s.rollback.sql", "DROP TABLE sw_s;\n"), 0, null,
                "migrate", "-m", "${tmp}/m", "--url", "${rowdb}"));
        rows.add(row("M21", files("m/001_t.sql", "CREATE TABLE sw_t (id int);\n", "m/001_t.rollback.sql", "DROP TABLE sw_t;\n",
                "m/002_i.sql", "CREATE INDEX CONCURRENTLY sw_t_i ON sw_t (id);\n", "m/002_i.rollback.sql", "DROP INDEX CONCURRENTLY sw_t_i;\n"),
                0, null, "migrate", "-m", "${tmp}/m", "--url", "${rowdb}"));
        rows.add(row("M25", files("m/001_t.sql", "CREATE TABLE sw_r (id int);\n", "m/001_t.rollback.sql", "DROP TABLE sw_r;\nSELECT 1/0;\n"),
                0, null, "migrate", "-m", "${tmp}/m", "--url", "${rowdb}"));
        rows.add(row("S01", files(), 2, "does not exist", "run", "${tmp}/missing.groovy"));
        rows.add(row("S02", files("s.groovy", "connect()\nmigrate to:\n"), 2, "SG-SCRIPT-INVALID", "run", "${tmp}/s.groovy"));
        rows.add(row("S03", files("s.groovy", "x = 1 / 0\n"), 4, "Division by zero", "run", "${tmp}/s.groovy"));
        rows.add(row("O01", files(), 2, "is not a duration", "migrate", "-m", "${tmp}/m", "--lock-timeout", "banana"));
        rows.add(row("O02", files(), 2, "SG-VERSION-UNKNOWN", "example", "c2pro", "--to", "999"));
        rows.add(row("O03", files(), 2, "SG-USAGE", "migrat"));
        rows.add(row("O03-option", files(), 2, "SG-USAGE", "status", "--bogus"));
        rows.add(row("O05", files(), 2, "SG-EXAMPLE-UNKNOWN", "example", "nosuch"));
        rows.add(row("O05-path", files(), 2, "SG-EXAMPLE-UNKNOWN", "example", "../../etc"));
        rows.add(row("O05-scale", files(), 2, "SG-USAGE", "example", "c2pro", "--scale", "abc"));
        rows.add(row("U01", files(), 3, "SG-CONN", "snapshot", "--url", "jdbc:postgresql://"));
        rows.add(row("P19", files("p.groovy", "environments { rel { target { host = '${host}'; port = ${port}; database = '${dbname}'; "
                + "user = 'sg_sweep_pw'; params { password = 'Param_Pw_19' } } } }\n"), 3, "SG-AUTH-FAILED", List.of("Param_Pw_19"),
                "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        StringBuilder tenThousand = new StringBuilder("CREATE TABLE sw_m11 (id int);\n");
        for (int i = 0; i < 10_000; i++) {
            tenThousand.append("INSERT INTO sw_m11 VALUES (").append(i).append(");\n");
        }
        rows.add(row("M11", files("m/001_m.sql", tenThousand.toString(), "m/001_m.rollback.sql", "DROP TABLE sw_m11;\n"), 0, null,
                "validate", "-m", "${tmp}/m"));
        rows.add(row("H01", files("m/001_h.sql", "CREATE SCHEMA \"we;ird--\";\nCREATE TABLE \"we;ird--\".\"t$1%s%n${jndi:x}\" (\"select\" int, \"col|x\" text);\n"
                + "CREATE INDEX \"idx \u202e\" ON \"we;ird--\".\"t$1%s%n${jndi:x}\" (\"select\");\n", "m/001_h.rollback.sql",
                "DROP SCHEMA \"we;ird--\" CASCADE;\n"), 0, null, "migrate", "-m", "${tmp}/m", "--url", "${rowdb}"));
        rows.add(row("S06", files("s.groovy", "connect 'postgresql://sg_sweep_pw:SweepPw_1@${host}:${port}/${dbname}'\nsql 'SELECT 1'\n"),
                5, null, List.of("SweepPw_1"), "run", "${tmp}/s.groovy"));
        rows.add(row("O04", files(), 4, "SG-IO", "snapshot", "--env", "embedded", "--json", "--evidence", "/proc/nope"));
        // W01: a password in the URL never shows, in any command's output, error or evidence, even with --debug
        for (String command : List.of("validate", "preview", "history", "status", "verify", "lint")) {
            rows.add(row("W01 " + command, files("m/001_w.sql", "CREATE TABLE sw_w (id int);\n", "m/001_w.rollback.sql", "DROP TABLE sw_w;\n"),
                    -1, null, List.of("W01_Url_Pw"), command, "--debug", "-m", "${tmp}/m", "--url",
                    "postgresql://sg_sweep_pw:W01_Url_Pw@${host}:${port}/${dbname}"));
        }
        rows.add(row("W01 snapshot", files(), -1, null, List.of("W01_Url_Pw"), "snapshot", "--debug", "--json", "--url",
                "jdbc:postgresql://${host}:${port}/${dbname}?user=sg_sweep_pw&password=W01_Url_Pw"));
        StringBuilder hundredThousand = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            hundredThousand.append("INSERT INTO sw_m10 VALUES (").append(i).append(", 'some text');\n");
        }
        // M10: lint of a big file (the sweep's 50 MB took 9 s); 100,000 statements here
        rows.add(row("M10", files("m/001_big.sql", hundredThousand.toString()), 0, null, "lint", "-m", "${tmp}/m"));
        // the second sweep (N3): a password holding '@' with '/', '?', '#' or a space leaked its tail
        rows.add(row("N3", files(), 2, "SG-URL-MALFORMED", List.of("ss:w/rd", "9%40"), "snapshot", "--url",
                "postgresql://app:Pa@ss:w/rd 9%40é@127.0.0.1:55433/app db%zz"));
        rows.add(row("N3-host", files(), 3, "SG-CONN-REFUSED", List.of("Secret/77", "Secret"), "snapshot", "--url",
                "postgresql://plain:Pw@Secret/77@127.0.0.1:5999/appdb"));
        rows.add(row("N3-run", files("s.groovy", "connect 'postgresql://app:Pa@ss:w/rd 9%40é@127.0.0.1:55433/app db%zz'\n"), 2,
                "SG-URL-MALFORMED", List.of("ss:w/rd", "9%40"), "run", "${tmp}/s.groovy"));
        // N4: the profiles file's refusal quoted the expression, the password with it
        rows.add(row("N4", files("p.groovy", "environments { rel { target { host = 'h'; password = 'CfgPw_99'.trim() } } }\n"), 2,
                "a profiles file is data", List.of("CfgPw_99"), "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("N4-elvis", files("p.groovy", "environments { rel { target { host = 'h'; password = x ?: 'RealFallback_1' } } }\n"), 2,
                "a profiles file is data", List.of("RealFallback_1"), "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        // N8: password = null became the password "null"; a list became "[plain]"
        rows.add(row("N8", files("p.groovy", "environments { rel { target { host = '${host}'; port = ${port}; database = '${dbname}'; "
                + "user = 'sg_sweep_pw'; password = null } } }\n"), 2, "has no value", "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        rows.add(row("N8-list", files("p.groovy", "environments { rel { target { host = 'h'; user = ['plain'] } } }\n"), 2, "must be a single value",
                "snapshot", "--config", "${tmp}/p.groovy", "--env", "rel"));
        // N7: an empty rollback file was accepted and "rolled back" nothing
        rows.add(row("N7", files("m/001_a.sql", "CREATE TABLE sw_n7 (id int);\n", "m/001_a.rollback.sql", ""), 1, null,
                "validate", "-m", "${tmp}/m"));
        // N9/N10: a NUL byte reached the server; a byte-order mark failed validate but passed migrate
        rows.add(row("N9-nul", files("m/001_a.sql", "hex:435245415445205441424c452073775f6e392028696420696e74293b0a00",
                "m/001_a.rollback.sql", "DROP TABLE sw_n9;\n"), 2, "NUL byte", "migrate", "-m", "${tmp}/m", "--url", "${rowdb}"));
        rows.add(row("N10-bom", files("m/001_a.sql", "hex:efbbbf435245415445205441424c452073775f6e31302028696420696e74293b0a",
                "m/001_a.rollback.sql", "DROP TABLE sw_n10;\n"), 0, null, "validate", "-m", "${tmp}/m"));
        // the second sweep: a misspelt parameter was echoed; --debug traces of a failed migration quoted a PASSWORD
        rows.add(row("N11-param", files(), -1, null, List.of("Secret_A6"), "snapshot", "--url",
                "jdbc:postgresql://${host}:${port}/${dbname}?user=postgres&pass word=Secret_A6"));
        rows.add(row("M29-debug", files("m/001_role.sql", "CREATE ROLE sw_mig_role LOGIN PASSWORD 'MigRolePw_91';\nSELECT 1/0;\n",
                "m/001_role.rollback.sql", "DROP ROLE sw_mig_role;\n"), 4, "division by zero", List.of("MigRolePw_91"),
                "migrate", "--debug", "-m", "${tmp}/m", "--url", "${rowdb}"));
        return rows.stream();
    }

    @org.junit.jupiter.api.BeforeAll
    static void roleThatNeedsAPassword() throws Exception {
        db.execute("DROP ROLE IF EXISTS sg_sweep_pw; CREATE ROLE sg_sweep_pw LOGIN PASSWORD 'SweepPw_1'");
        dev.stagegate.embedded.EmbeddedPostgresServer.shared().requirePasswordFor("sg_sweep_pw");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void replays(Row row) throws Exception {
        for (Map.Entry<String, String> f : row.files().entrySet()) {
            Path p = tmp.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            if (f.getValue().startsWith("hex:")) {
                Files.write(p, java.util.HexFormat.of().parseHex(f.getValue().substring(4)));
            } else {
                Files.writeString(p, f.getValue().replace("${host}", db.server().host()).replace("${port}", String.valueOf(db.server().port()))
                        .replace("${dbname}", db.name()));
            }
        }
        if (row.args().stream().anyMatch(a -> a.contains("${rowdb}"))) {
            // a row that migrates gets a database of its own: rows must not see each other's history
            db.execute("DROP DATABASE IF EXISTS " + rowDatabase(row) + "; CREATE DATABASE " + rowDatabase(row));
        }
        String[] args = row.args().stream().map(a -> a.replace("${tmp}", tmp.toString()).replace("${db}", db.jdbcUrl())
                .replace("${rowdb}", db.server().jdbcUrl(rowDatabase(row)) + "?user=postgres")
                .replace("${host}", db.server().host()).replace("${port}", String.valueOf(db.server().port())).replace("${dbname}", db.name()))
                .toArray(String[]::new);
        // every command that writes evidence writes it into the row's own folder, never the working directory
        if (java.util.Set.of("run", "lint", "snapshot", "validate", "verify", "migrate", "rollback", "preview", "status", "history")
                .contains(args[0]) && !List.of(args).contains("--evidence")) {
            args = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--evidence", tmp.resolve("ev").toString()))
                    .toArray(String[]::new);
        }
        CliRun run = CliRun.of(args);
        if (row.exit() >= 0) {
            assertThat(run.exitCode()).as(row.id() + ": " + run.out() + run.err()).isEqualTo(row.exit());
        }
        List<String> errLines = run.err().lines().filter(l -> !l.isBlank() && !l.startsWith("warning:") && !l.startsWith("\tat ")
                && !l.startsWith("Caused by") && !l.startsWith("\t...")).toList();
        assertThat(run.err()).as(row.id() + ": no NUL byte").doesNotContain("\u0000");
        if (row.errorContains() != null) {
            assertThat(run.errorLine()).as(row.id()).contains(row.errorContains());
            if (!List.of(args).contains("--debug")) {
                assertThat(errLines).as(row.id() + " prints one line").hasSize(1);
                assertThat(run.err()).as(row.id()).doesNotContain("\tat ").doesNotContain("SEVERE");
            }
        }
        String written = written(tmp);
        for (String secret : row.secrets()) {
            assertThat(run.out() + run.err() + written).as(row.id() + " leaks " + secret).doesNotContain(secret);
        }
    }

    @org.junit.jupiter.api.Test
    void e01BadExampleArgumentsLeaveTheExampleDatabaseAsItWas() {
        assertThat(CliRun.of("example", "c2pro", "--to", "002").exitCode()).isZero();
        assertThat(CliRun.of("example", "c2pro", "--to", "999").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("example", "c2pro", "--scale", "-1").exitCode()).isEqualTo(2);
        CliRun status = CliRun.of("status", "--example", "c2pro");
        assertThat(status.out()).as(status.err()).contains("Current schema version: 002");
    }

    private static String rowDatabase(Row row) {
        return "sweep_" + row.id().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    private static String written(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(Files::isRegularFile).filter(p -> p.toString().contains("/ev")).toList()) {
                all.append(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8));
            }
            return all.toString();
        }
    }

    private static Map<String, String> files(String... nameThenContent) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            m.put(nameThenContent[i], nameThenContent[i + 1]);
        }
        return m;
    }

    private static Row row(String id, Map<String, String> files, int exit, String error, String... args) {
        return new Row(id, files, List.of(args), exit, error, List.of());
    }

    private static Row row(String id, Map<String, String> files, int exit, String error, List<String> secrets, String... args) {
        return new Row(id, files, List.of(args), exit, error, secrets);
    }
}
