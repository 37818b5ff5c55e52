package dev.stagegate.verification.integrity;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.tenant.TenantDiscovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A role RLS applies to cannot turn row_security off: the scans say they did not run (it was SG-INTERNAL). */
class IntegrityScanBlockedTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void scansARoleCannotRunAreReportedNotCrashed() throws Exception {
        db.execute("""
                CREATE TABLE orgs (id bigint PRIMARY KEY);
                CREATE TABLE notes (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY own ON notes USING (org_id = nullif(current_setting('app.org', true), '')::bigint);
                DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sg_scan_reader') THEN CREATE ROLE sg_scan_reader LOGIN; END IF; END $$;
                GRANT SELECT ON ALL TABLES IN SCHEMA public TO sg_scan_reader;
                """);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "sg_scan_reader", "")) {
            SchemaSnapshot s = new CatalogReader(c).read(false);
            IntegrityChecks.Result r = IntegrityChecks.run(c, s, TenantDiscovery.discover(s, Set.of()), Map.of(), IntegrityChecks.EVENT_COLUMNS);
            assertThat(r.findings()).extracting(Finding::code).contains("INTEGRITY_SCAN_BLOCKED");
            assertThat(r.tally()).containsEntry("null_tenant_keys", "not scanned");
        }
    }
}
