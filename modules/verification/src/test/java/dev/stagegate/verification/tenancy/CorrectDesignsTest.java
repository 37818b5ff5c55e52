package dev.stagegate.verification.tenancy;

import dev.stagegate.core.result.Finding;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.VerificationConfig;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.Verifier;
import dev.stagegate.verification.result.Count;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correct designs the hostile review saw called errors: Prisma's timestamp(3) and other column types
 * the row factory did not know, a child scoped through its parent with a GENERATED ALWAYS key, a
 * 1:1 table keyed by the tenant (taken for the tenant table), CHECKs on arrays, jsonb and intervals,
 * and {@code a AND (b OR true)} (called always true).
 */
class CorrectDesignsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static VerificationReport report;

    @BeforeAll
    static void verify() throws Exception {
        db.execute("""
                CREATE TABLE orgs (id uuid PRIMARY KEY, name text NOT NULL);
                CREATE TABLE org_settings (org_id uuid PRIMARY KEY REFERENCES orgs (id), theme text NOT NULL DEFAULT 'light');
                CREATE TABLE docs (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    org_id uuid NOT NULL REFERENCES orgs (id),
                    "updatedAt" timestamp(3) NOT NULL,
                    at_time time NOT NULL,
                    price money NOT NULL,
                    flag "char" NOT NULL,
                    spot point NOT NULL,
                    span tstzrange NOT NULL,
                    meta xml NOT NULL,
                    bits bit(3) NOT NULL,
                    labels text[] NOT NULL CHECK (cardinality(labels) > 0),
                    extra jsonb NOT NULL CHECK (jsonb_typeof(extra) = 'object'),
                    wait interval NOT NULL CHECK (wait > '30 minutes'));
                CREATE INDEX ON docs (org_id);
                CREATE TABLE doc_lines (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    doc_id bigint NOT NULL REFERENCES docs (id), body text);
                CREATE INDEX ON doc_lines (doc_id);
                ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
                ALTER TABLE org_settings ENABLE ROW LEVEL SECURITY;
                ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
                ALTER TABLE doc_lines ENABLE ROW LEVEL SECURITY;
                ALTER TABLE orgs FORCE ROW LEVEL SECURITY;
                ALTER TABLE org_settings FORCE ROW LEVEL SECURITY;
                ALTER TABLE docs FORCE ROW LEVEL SECURITY;
                ALTER TABLE doc_lines FORCE ROW LEVEL SECURITY;
                CREATE POLICY own ON orgs USING (id = nullif(current_setting('app.org', true), '')::uuid);
                CREATE POLICY own ON org_settings USING (org_id = nullif(current_setting('app.org', true), '')::uuid);
                CREATE POLICY own ON docs USING (org_id = nullif(current_setting('app.org', true), '')::uuid
                    AND (true OR org_id IS NULL));
                CREATE POLICY own ON doc_lines USING (EXISTS (SELECT 1 FROM docs d WHERE d.id = doc_id
                    AND d.org_id = nullif(current_setting('app.org', true), '')::uuid));
                """);
        try (Connection c = db.connect()) {
            report = Verifier.verify(c, VerificationConfig.discover(), null);
        }
    }

    @Test
    void everyTableIsProbedAndIsolatedWithNothingFailing() {
        assertThat(report.failing()).extracting(Finding::message).isEmpty();
        assertThat(report.tenant().tenantTable()).isEqualTo("public.orgs");
        assertThat(report.tally()).containsEntry("tables_isolated", Count.of(4, 4));
    }
}
