package dev.stagegate.verification.rls;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.tenant.TenantDiscovery;
import dev.stagegate.verification.tenant.TenantModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile tester's schemas (s2, s3, s4, s7, s8): each table fooled an earlier probe into a
 * false "isolated" (or a false leak on a correct design). Keyed on {@code org_id} / {@code app.org_id}.
 */
class HostileTenancyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String PIN = "org_id = nullif(current_setting('app.org_id', true), '')::bigint";

    static SchemaSnapshot snapshot;
    static TenantModel model;
    static IsolationProbe.Result plain;
    static IsolationProbe.Result asApp;

    @BeforeAll
    static void schema() throws Exception {
        db.execute("""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sg_hostile_app') THEN CREATE ROLE sg_hostile_app NOLOGIN; END IF;
                END $$;
                GRANT USAGE ON SCHEMA public TO sg_hostile_app;
                CREATE TABLE orgs (id bigint PRIMARY KEY);
                ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
                ALTER TABLE orgs FORCE ROW LEVEL SECURITY;
                CREATE POLICY own ON orgs USING (id = nullif(current_setting('app.org_id', true), '')::bigint)
                    WITH CHECK (id = nullif(current_setting('app.org_id', true), '')::bigint);
                CREATE FUNCTION pin_org() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF current_setting('app.org_id', true) <> '' THEN NEW.org_id := current_setting('app.org_id', true)::bigint; END IF;
                  RETURN NEW;
                END $$;
                CREATE FUNCTION no_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'rows are archived, never deleted';
                END $$;
                """);
        for (String t : List.of("delete_guarded", "open_delete", "open_update", "pinned_by_trigger", "app_backdoor", "app_reads", "restrictive_pin")) {
            db.execute("CREATE TABLE " + t + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id), "
                    + "note text); ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY; ALTER TABLE " + t + " FORCE ROW LEVEL SECURITY");
        }
        db.execute("""
                -- s2 f3: every policy pinned but DELETE's USING: DELETE ... WHERE <B's key> needs SELECT, DELETE FROM t does not
                CREATE POLICY s ON open_delete FOR SELECT USING (%1$s);
                CREATE POLICY i ON open_delete FOR INSERT WITH CHECK (%1$s);
                CREATE POLICY u ON open_delete FOR UPDATE USING (%1$s) WITH CHECK (%1$s);
                CREATE POLICY d ON open_delete FOR DELETE USING (org_id IS NOT NULL);
                -- the same open DELETE, but a trigger refuses every delete: the probe cannot look, so nothing is shown
                CREATE POLICY s ON delete_guarded FOR SELECT USING (%1$s);
                CREATE POLICY i ON delete_guarded FOR INSERT WITH CHECK (%1$s);
                CREATE POLICY u ON delete_guarded FOR UPDATE USING (%1$s) WITH CHECK (%1$s);
                CREATE POLICY d ON delete_guarded FOR DELETE USING (org_id IS NOT NULL);
                CREATE TRIGGER guard BEFORE DELETE ON delete_guarded FOR EACH ROW EXECUTE FUNCTION no_deletes();
                -- the same hole in UPDATE's USING: an UPDATE that reads no column reaches B's row
                CREATE POLICY s ON open_update FOR SELECT USING (%1$s);
                CREATE POLICY i ON open_update FOR INSERT WITH CHECK (%1$s);
                CREATE POLICY u ON open_update FOR UPDATE USING (org_id IS NOT NULL) WITH CHECK (%1$s);
                CREATE POLICY d ON open_update FOR DELETE USING (%1$s);
                -- s8: a nullable tenant key and a policy that shares NULL rows with every tenant
                CREATE TABLE null_channel (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint REFERENCES orgs (id), note text);
                ALTER TABLE null_channel ENABLE ROW LEVEL SECURITY;
                ALTER TABLE null_channel FORCE ROW LEVEL SECURITY;
                CREATE POLICY iso ON null_channel USING (org_id IS NULL OR %1$s);
                -- s4 t1: correct, a trigger pins every write to the tenant set, so the cross-tenant writes land in A
                CREATE POLICY iso ON pinned_by_trigger USING (%1$s);
                CREATE TRIGGER pin BEFORE INSERT OR UPDATE ON pinned_by_trigger FOR EACH ROW EXECUTE FUNCTION pin_org();
                -- s2 f2: a read backdoor for the application role
                CREATE POLICY p ON app_backdoor USING (%1$s OR current_user = 'sg_hostile_app') WITH CHECK (%1$s);
                -- s7: a role-specific policy that opens reads to the application role
                CREATE POLICY iso ON app_reads USING (%1$s);
                CREATE POLICY app ON app_reads FOR SELECT TO sg_hostile_app USING (org_id IS NOT NULL);
                -- s3 r1: correct, an open permissive policy narrowed by a restrictive pinned one
                CREATE POLICY open ON restrictive_pin USING (true) WITH CHECK (true);
                CREATE POLICY pin ON restrictive_pin AS RESTRICTIVE USING (%1$s) WITH CHECK (%1$s);
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sg_hostile_app;
                """.formatted(PIN));
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
        model = TenantDiscovery.discover(snapshot, Set.of());
        try (Connection c = db.connect()) {
            plain = new IsolationProbe(c, snapshot, model).run();
            asApp = new IsolationProbe(c, snapshot, model, Map.of(), "sg_hostile_app").run();
        }
    }

    private static List<Finding> on(IsolationProbe.Result r, String table) {
        return r.findings().stream().filter(f -> f.object().equals("public." + table)).toList();
    }

    private static List<String> codes(IsolationProbe.Result r, String table) {
        return on(r, table).stream().map(Finding::code).toList();
    }

    private static List<Finding> coverage(String table) {
        return RlsCoverage.check(snapshot, model).stream().filter(f -> f.object().startsWith("public." + table + ".")).toList();
    }

    @Test
    void theModelIsFound() {
        assertThat(model.column()).isEqualTo("org_id");
        assertThat(plain.valid()).as(plain.findings().toString()).isTrue();
        assertThat(asApp.valid()).as(asApp.findings().toString()).isTrue();
    }

    @Test
    void anUnqualifiedDeleteThatReachesTenantBIsALeak() {
        assertThat(on(plain, "open_delete")).filteredOn(f -> f.code().equals("LEAK_DELETE")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).contains("without a WHERE");
            assertThat(f.proof()).anySatisfy(p -> assertThat(p).startsWith("DELETE FROM"));
        });
        assertThat(plain.verdicts()).containsEntry("public.open_delete", TableVerdict.LEAKING);
        assertThat(coverage("open_delete")).extracting(Finding::code).contains("POLICY_WRITE_UNPINNED");
    }

    @Test
    void anUnqualifiedWriteRefusedForAnotherReasonShowsNothing() {
        assertThat(on(plain, "delete_guarded")).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROBE_WRITE_INCONCLUSIVE");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("rows are archived, never deleted");
        });
        assertThat(plain.verdicts()).containsEntry("public.delete_guarded", TableVerdict.NOT_DEMONSTRATED);
    }

    @Test
    void anUpdateThatReadsNoColumnAndReachesTenantBIsALeak() {
        assertThat(codes(plain, "open_update")).contains("LEAK_UPDATE");
        assertThat(plain.verdicts()).containsEntry("public.open_update", TableVerdict.LEAKING);
        assertThat(coverage("open_update")).extracting(Finding::code).contains("POLICY_WRITE_UNPINNED");
    }

    @Test
    void aRowWithoutTenantKeyThatTenantBReadsIsALeak() {
        assertThat(on(plain, "null_channel")).filteredOn(f -> f.code().equals("LEAK_NULL_TENANT")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(plain.verdicts()).containsEntry("public.null_channel", TableVerdict.LEAKING);
    }

    @Test
    void aTriggerThatKeepsTheRowInTenantAIsNoLeak() {
        assertThat(on(plain, "pinned_by_trigger")).isNotEmpty().allSatisfy(f -> {
            assertThat(f.code()).isEqualTo("TENANT_KEY_REWRITTEN");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        });
        assertThat(plain.verdicts()).containsEntry("public.pinned_by_trigger", TableVerdict.ISOLATED);
    }

    @Test
    void theApplicationRoleIsProbedToo() {
        assertThat(plain.verdicts()).containsEntry("public.app_backdoor", TableVerdict.ISOLATED)
                .containsEntry("public.app_reads", TableVerdict.ISOLATED);
        for (String t : List.of("app_backdoor", "app_reads")) {
            // the probe role, a member of the application role, and the role itself both read it
            assertThat(on(asApp, t)).filteredOn(f -> f.code().equals("LEAK_READ")).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.message()).contains("sg_hostile_app"));
            assertThat(asApp.verdicts()).containsEntry("public." + t, TableVerdict.LEAKING);
        }
        assertThat(asApp.verdicts()).containsEntry("public.restrictive_pin", TableVerdict.ISOLATED)
                .containsEntry("public.pinned_by_trigger", TableVerdict.ISOLATED);
    }

    @Test
    void aRoleSpecificPolicyIsAWarningEvenWithoutAnApplicationRole() {
        assertThat(coverage("app_backdoor")).filteredOn(f -> f.code().equals("POLICY_ROLE_SPECIFIC")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(coverage("app_reads")).filteredOn(f -> f.code().equals("POLICY_ROLE_SPECIFIC")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("sg_hostile_app"));
    }

    @Test
    void anOpenPermissivePolicyNarrowedByARestrictivePinIsIsolatedAndOnlyNoted() {
        assertThat(plain.verdicts()).containsEntry("public.restrictive_pin", TableVerdict.ISOLATED);
        assertThat(coverage("restrictive_pin")).isNotEmpty().allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO))
                .extracting(Finding::code).contains("POLICY_ALWAYS_TRUE");
    }
}
