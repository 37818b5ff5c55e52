package dev.stagegate.verification.integrity;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.tenant.TenantDiscovery;
import dev.stagegate.verification.tenant.TenantModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The smoke insert writes and reads back as a proven probe role, so RLS decides, as for the application. */
class SmokeInsertTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static SchemaSnapshot snapshot;
    static TenantModel model;
    static List<Table> tables;

    @BeforeAll
    static void schema() throws Exception {
        db.execute("""
                CREATE TABLE orgs (id bigint PRIMARY KEY);
                CREATE TABLE good (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
                ALTER TABLE good ENABLE ROW LEVEL SECURITY;
                ALTER TABLE good FORCE ROW LEVEL SECURITY;
                CREATE POLICY iso ON good USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint);
                CREATE FUNCTION only_superusers() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                    RAISE EXCEPTION 'writes go through the admin service';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TABLE admin_only (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
                CREATE TRIGGER guard BEFORE INSERT ON admin_only FOR EACH ROW EXECUTE FUNCTION only_superusers();
                ALTER TABLE admin_only ENABLE ROW LEVEL SECURITY;
                CREATE POLICY iso ON admin_only USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint);
                """);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
        model = TenantDiscovery.discover(snapshot, Set.of());
        tables = model.tablesIn(snapshot).stream().filter(t -> !model.isTenantTable(t)).toList();
    }

    @Test
    void aCorrectTablePassesAndAnInsertTheApplicationCannotMakeFails() throws Exception {
        List<Finding> out = new ArrayList<>();
        Count smoke;
        try (Connection c = db.connect()) {
            smoke = SmokeInsert.run(c, snapshot, model, tables, Map.of(), out);
        }
        assertThat(smoke).isEqualTo(Count.of(1, 2));
        // As the session user (a superuser) the trigger would have let the row in: the old smoke insert passed here.
        assertThat(out).extracting(Finding::code, Finding::object).containsExactly(tuple("SMOKE_INSERT_FAILED", "public.admin_only"));
        assertThat(out.get(0).message()).contains("writes go through the admin service");
        assertThat(db.queryLong("SELECT (SELECT count(*) FROM good) + (SELECT count(*) FROM orgs)")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'sg\\_probe\\_%'")).isZero();
    }

    @Test
    void withoutAProbeRoleTheSmokeInsertsAreNotTestedNeverPassed() throws Exception {
        db.execute("DROP ROLE IF EXISTS sg_smoke_plain; CREATE ROLE sg_smoke_plain LOGIN; "
                + "GRANT CONNECT ON DATABASE \"" + db.name() + "\" TO sg_smoke_plain");
        List<Finding> out = new ArrayList<>();
        Count smoke;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "sg_smoke_plain", "")) {
            smoke = SmokeInsert.run(c, snapshot, model, tables, Map.of(), out);
        }
        assertThat(smoke).isEqualTo(Count.of(0, 2));
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("SMOKE_INSERT_NOT_TESTED");
            assertThat(f.fails()).isTrue();
            assertThat(f.message()).contains("permission denied to create role").contains("NOT tested");
        });
    }
}
