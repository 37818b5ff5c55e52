package dev.stagegate.console.cli;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Sweep rows H02/H03: identifiers built to break SQL, JSON and Markdown, through snapshot and verify. */
class HostileIdentifiersTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.Test
    void h02H03HostileIdentifiersSnapshotAsValidJsonAndVerifyLeavesTheDatabaseAsItWas() throws Exception {
        db.execute("DROP DATABASE IF EXISTS sweep_h02; CREATE DATABASE sweep_h02");
        String url = db.server().jdbcUrl("sweep_h02") + "?user=postgres";
        try (var c = db.server().connect("sweep_h02"); var st = c.createStatement()) {
            st.execute("""
                    CREATE SCHEMA "we;ird--";
                    CREATE TABLE "we;ird--"."t'$1%s${jndi:x}" (tenant_id uuid NOT NULL, "select" int, "col|x" text);
                    ALTER TABLE "we;ird--"."t'$1%s${jndi:x}" ENABLE ROW LEVEL SECURITY;
                    CREATE POLICY "p ; drop" ON "we;ird--"."t'$1%s${jndi:x}" USING (tenant_id = current_setting('app.t', true)::uuid);
                    CREATE VIEW "we;ird--"."v\u202e" AS SELECT 1 AS one;
                    """);
        }
        String before = catalogState("sweep_h02");
        CliRun snap = CliRun.of("snapshot", "--url", url, "--json", tmp.resolve("s.json").toString());
        assertThat(snap.exitCode()).as(snap.err()).isZero();
        assertThat(dev.stagegate.core.evidence.Json.mapper().readTree(tmp.resolve("s.json").toFile()).get("tables")).hasSize(1);
        CliRun verify = CliRun.of("verify", "--url", url, "--tenant-column", "tenant_id", "--tenant-setting", "app.t",
                "--evidence", tmp.resolve("ev").toString());
        assertThat(verify.err()).doesNotContain("\tat ").doesNotContain("SG-INTERNAL");
        assertThat(catalogState("sweep_h02")).isEqualTo(before);
    }

    /** Roles, relations, policies and rows: what a verify must leave exactly as it found it. */
    private static String catalogState(String database) throws Exception {
        try (var c = db.server().connect(database); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT (SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles), "
                        + "(SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace > 16384), "
                        + "(SELECT count(*) FROM pg_policy), (SELECT count(*) FROM \"we;ird--\".\"t'$1%s${jndi:x}\")")) {
            rs.next();
            return rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3) + "|" + rs.getLong(4);
        }
    }
}
