package dev.stagegate.verification.fk;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.tenant.TenantDiscovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile tester's s12: a child whose key to its parent carries the tenant,
 * {@code (tenant_id, p_id) REFERENCES p (tenant_id, id)}, and no child rows. The synthetic parent and
 * child must be made, or FK_DELETE_NOT_REHEARSED is a false error.
 */
class CompositeTenantKeyRehearsalTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aCompositeTenantKeyWithoutRowsIsRehearsedOnSyntheticRows() throws Exception {
        db.execute("""
                CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
                ALTER TABLE tenants ENABLE ROW LEVEL SECURITY; ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
                CREATE POLICY t_iso ON tenants USING (id = current_setting('app.tenant', true)::uuid)
                    WITH CHECK (id = current_setting('app.tenant', true)::uuid);
                CREATE TABLE p (id int PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id), UNIQUE (tenant_id, id));
                CREATE INDEX ON p (tenant_id);
                CREATE TABLE c8 (id int PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id), p_id int NOT NULL,
                    FOREIGN KEY (tenant_id, p_id) REFERENCES p (tenant_id, id));
                CREATE INDEX ON c8 (tenant_id, p_id);
                ALTER TABLE p ENABLE ROW LEVEL SECURITY; ALTER TABLE p FORCE ROW LEVEL SECURITY;
                ALTER TABLE c8 ENABLE ROW LEVEL SECURITY; ALTER TABLE c8 FORCE ROW LEVEL SECURITY;
                CREATE POLICY iso ON p USING (tenant_id = current_setting('app.tenant', true)::uuid);
                CREATE POLICY iso ON c8 USING (tenant_id = current_setting('app.tenant', true)::uuid);
                """);
        try (Connection c = db.connect()) {
            SchemaSnapshot s = new CatalogReader(c).read(false);
            OnDeleteRehearsal.Result r = OnDeleteRehearsal.run(c, s, TenantDiscovery.discover(s, Set.of()), Map.of());
            assertThat(r.findings()).as("no FK_DELETE_NOT_REHEARSED").isEmpty();
            assertThat(r.tally()).isEqualTo(Count.of(r.keys(), r.keys()));
            assertThat(r.rehearsals()).filteredOn(x -> x.key().equals("public.c8.c8_tenant_id_p_id_fkey")).singleElement()
                    .satisfies(x -> {
                        assertThat(x.synthetic()).isTrue();
                        assertThat(x.outcome()).isEqualTo(DeleteOutcome.REFUSED);
                    });
            // Its child row needs a p row of the same tenant, which holds the tenant through p's own NO ACTION key:
            // refused while children exist, as c8's key declares.
            assertThat(r.rehearsals()).filteredOn(x -> x.key().equals("public.c8.c8_tenant_id_fkey")).singleElement()
                    .satisfies(x -> {
                        assertThat(x.synthetic()).isTrue();
                        assertThat(x.outcome()).isEqualTo(DeleteOutcome.REFUSED);
                    });
        }
    }
}
