package dev.stagegate.verification.integrity;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.expect.ExpectationFile;
import dev.stagegate.verification.expect.ExpectationResult;
import dev.stagegate.verification.expect.Expectations;
import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.tenant.TenantDiscovery;
import dev.stagegate.verification.tenant.TenantModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrityAndExpectationsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    static SchemaSnapshot snapshot;
    static TenantModel model;

    @BeforeAll
    static void schema() throws Exception {
        db.execute("""
                CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
                CREATE TABLE teams (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id), created_at timestamptz DEFAULT now());
                CREATE INDEX ON teams (org_id);
                CREATE TABLE members (id bigint PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id),
                    team_id bigint NOT NULL REFERENCES teams (id), created_at timestamptz NOT NULL DEFAULT now());
                CREATE INDEX ON members (org_id);
                CREATE INDEX ON members (team_id);
                ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
                CREATE POLICY iso ON teams USING (org_id = current_setting('app.org', true)::bigint);
                ALTER TABLE members ENABLE ROW LEVEL SECURITY;
                CREATE POLICY iso ON members USING (org_id = current_setting('app.org', true)::bigint);
                INSERT INTO orgs VALUES (1, 'a'), (2, 'b');
                INSERT INTO teams VALUES (10, 1, now()), (20, 2, now()), (30, NULL, now()), (40, 1, now() + interval '3 days');
                INSERT INTO members VALUES (100, 1, 10, now()), (101, 2, 10, now()), (102, 2, 20, now());
                -- seed 004's governance trigger: a scope_id must start with its domain
                CREATE TABLE scopes (scope_id text PRIMARY KEY, domain text NOT NULL CHECK (domain ~ '^[a-z][a-z0-9-]*$'));
                CREATE FUNCTION check_scope_prefix() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF split_part(NEW.scope_id, '.', 1) <> NEW.domain THEN
                    RAISE EXCEPTION 'GOVERNANCE VIOLATION: scope_id % does not start with domain %', NEW.scope_id, NEW.domain;
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER scope_prefix BEFORE INSERT OR UPDATE ON scopes FOR EACH ROW EXECUTE FUNCTION check_scope_prefix();
                CREATE TABLE scope_log (scope_id text, at timestamptz DEFAULT now());
                CREATE FUNCTION log_scope() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO scope_log (scope_id) VALUES (NEW.scope_id); RETURN NEW; END $$;
                CREATE TRIGGER scope_logged AFTER INSERT ON scopes FOR EACH ROW EXECUTE FUNCTION log_scope();
                """);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
        model = TenantDiscovery.discover(snapshot, Set.of());
    }

    @Test
    void findsNullTenantKeysFutureTimestampsAndCrossTenantLinks() throws Exception {
        IntegrityChecks.Result r;
        try (Connection c = db.connect()) {
            r = IntegrityChecks.run(c, snapshot, model);
        }
        assertThat(r.findings()).filteredOn(f -> f.code().equals("NULL_TENANT_KEY")).singleElement()
                .satisfies(f -> assertThat(f.object()).isEqualTo("public.teams"));
        assertThat(r.findings()).filteredOn(f -> f.code().equals("FUTURE_TIMESTAMP")).singleElement()
                .satisfies(f -> assertThat(f.object()).isEqualTo("public.teams.created_at"));
        assertThat(r.findings()).filteredOn(f -> f.code().equals("TENANT_LINKAGE_BROKEN")).singleElement().satisfies(f -> {
            assertThat(f.object()).isEqualTo("public.members.members_team_id_fkey");
            assertThat(f.message()).startsWith("1 row(s)");
        });
        assertThat(r.tally()).containsEntry("null_tenant_keys", 1L).containsEntry("future_timestamps", 1L)
                .containsEntry("cross_tenant_links", 1L).containsEntry("smoke_inserts", Count.of(2, 2));
        assertThat(r.findings()).extracting(Finding::code).containsExactlyInAnyOrder("NULL_TENANT_KEY", "FUTURE_TIMESTAMP",
                "TENANT_LINKAGE_BROKEN");
        assertThat(db.queryLong("SELECT count(*) FROM members")).isEqualTo(3);
    }

    @Test
    void expectationsPassAndFailAndLeaveNothingBehind() throws Exception {
        Expectations e = new Expectations(snapshot)
                .tableExists("orgs", "teams").tableExists("campaigns")
                .count("tables", 5).atLeast("foreign_keys", 10)
                .functionExists("check_scope_prefix").triggerExists("scopes", "scope_prefix")
                .migrationCreates("008", "scopes", "domains")
                .mustFail("bad slug", "INSERT INTO scopes VALUES ('Bad-Domain.prod', 'Bad-Domain')", "violates check constraint")
                .mustFail("wrong prefix", "INSERT INTO scopes VALUES ('wrong.prod.system', 'finance')", "GOVERNANCE VIOLATION")
                .mustFail("SQLSTATE form", "INSERT INTO scopes VALUES ('wrong.prod.system', 'finance')", "P0001")
                .mustFail("wrongly expected to fail", "INSERT INTO scopes VALUES ('finance.prod.system', 'finance')", "GOVERNANCE VIOLATION")
                .mustSucceed("valid scope", "INSERT INTO scopes VALUES ('finance.prod.system', 'finance')")
                .returnsNoRows("no orphan members", "SELECT m.id FROM members m LEFT JOIN teams t ON t.id = m.team_id WHERE t.id IS NULL")
                .returnsRows("two orgs", "SELECT * FROM orgs", 2)
                .callable("function callable", "SELECT count(*) FROM orgs")
                .triggerFires("log trigger fires", "INSERT INTO scopes VALUES ('ops.x', 'ops')", "SELECT 1 FROM scope_log WHERE scope_id = 'ops.x'");
        List<ExpectationResult> results;
        try (Connection c = db.connect()) {
            results = e.run(c);
        }
        assertThat(results).filteredOn(r -> !r.passed()).extracting(ExpectationResult::label).containsExactlyInAnyOrder(
                "table campaigns exists", "foreign keys >= 10", "migration 008 creates scopes, domains", "wrongly expected to fail");
        assertThat(results).filteredOn(r -> r.label().equals("wrongly expected to fail")).singleElement()
                .satisfies(r -> assertThat(r.observed()).startsWith("succeeded"));
        assertThat(Expectations.findings(results)).hasSize(4).allMatch(Finding::fails)
                .allSatisfy(f -> assertThat(f.code()).isEqualTo("EXPECTATION_FAILED"));
        assertThat(db.queryLong("SELECT count(*) FROM scopes")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM scope_log")).isZero();
    }

    @Test
    void aBrokenStatementNeverCountsAsFailingAsExpected() throws Exception {
        // Each error message contains the fragment, but the statement never reached the rule it meant to test.
        Expectations e = new Expectations(snapshot)
                .mustFail("undefined table", "INSERT INTO scopez VALUES ('x', 'y')", "scopez")
                .mustFail("undefined column", "INSERT INTO scopes (no_such_column) VALUES ('x')", "no_such_column")
                .mustFail("syntax error", "INSERT INTO scopes VALUE ('x')", "syntax error")
                .mustFail("asked for by SQLSTATE", "INSERT INTO scopez VALUES ('x', 'y')", "42P01");
        List<ExpectationResult> results;
        try (Connection c = db.connect()) {
            results = e.run(c);
        }
        assertThat(results).filteredOn(r -> !r.passed()).extracting(ExpectationResult::label)
                .containsExactlyInAnyOrder("undefined table", "undefined column", "syntax error");
        assertThat(results).filteredOn(r -> r.label().equals("undefined table")).singleElement()
                .satisfies(r -> assertThat(r.observed()).contains("42P01").contains("statement itself is broken"));
        assertThat(Expectations.findings(results)).hasSize(3).allSatisfy(f -> assertThat(f.code()).isEqualTo("EXPECTATION_FAILED"));
    }

    @Test
    void theExpectationFileSpeaksTheSameChecks() throws Exception {
        Path file = tmp.resolve("expectations.txt");
        Files.writeString(file, """
                # seed 004's constraint tests
                table orgs teams members
                count tables = 5
                must-fail "violates check constraint" [slug format]: INSERT INTO scopes VALUES ('Bad-Domain.prod', 'Bad-Domain')
                must-fail "GOVERNANCE VIOLATION" [scope prefix]: INSERT INTO scopes VALUES ('wrong.prod.system', 'finance')
                must-succeed [valid scope]: INSERT INTO scopes VALUES ('finance.prod.system', 'finance')
                rows 2 [two orgs]: SELECT * FROM orgs
                trigger-fires [logged]: INSERT INTO scopes VALUES ('ops.y', 'ops') ;; SELECT 1 FROM scope_log WHERE scope_id = 'ops.y'
                """);
        List<ExpectationResult> results;
        try (Connection c = db.connect()) {
            results = ExpectationFile.read(file, snapshot).run(c);
        }
        assertThat(results).hasSize(9).allMatch(ExpectationResult::passed);
        Files.writeString(file, "table orgs\ntabel typo\n");
        assertThatThrownBy(() -> ExpectationFile.read(file, snapshot)).isInstanceOf(StagegateException.class)
                .hasMessageContaining("expectations.txt line 2: unknown check 'tabel'");
    }
}
