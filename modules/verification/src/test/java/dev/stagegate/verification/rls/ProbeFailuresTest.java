package dev.stagegate.verification.rls;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.result.Count;
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
 * Every way a probe can fail to show anything, each on a table whose policies are otherwise
 * correct: never counted as isolated, always a failing finding (except the owner-bypass note).
 */
class ProbeFailuresTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static IsolationProbe.Result result;

    private static final String PIN = "org_id = nullif(current_setting('app.org_id', true), '')::bigint";

    @BeforeAll
    static void probe() throws Exception {
        db.execute("""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sg_owner_revoked') THEN CREATE ROLE sg_owner_revoked NOLOGIN; END IF;
                END $$;
                GRANT CREATE, USAGE ON SCHEMA public TO sg_owner_revoked;
                CREATE TABLE orgs (id bigint PRIMARY KEY);
                ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
                ALTER TABLE orgs FORCE ROW LEVEL SECURITY;
                CREATE POLICY own ON orgs USING (id = nullif(current_setting('app.org_id', true), '')::bigint)
                    WITH CHECK (id = nullif(current_setting('app.org_id', true), '')::bigint);
                CREATE FUNCTION only_superusers() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                    RAISE EXCEPTION 'writes go through the admin service';
                  END IF;
                  RETURN NEW;
                END $$;
                -- the factory cannot meet this CHECK, so no probe row can be made
                CREATE TABLE setup_fails (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id),
                    code text NOT NULL CHECK (length(code) = 7 AND code LIKE 'Q%'));
                -- the read policy divides by zero: the probe's first statement errors
                CREATE TABLE probe_fails (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
                -- a trigger refuses every insert from an application role before RLS decides
                CREATE TABLE insert_guarded (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
                CREATE TRIGGER guard BEFORE INSERT ON insert_guarded FOR EACH ROW EXECUTE FUNCTION only_superusers();
                -- a trigger refuses every update from an application role before RLS decides
                CREATE TABLE move_guarded (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (id));
                CREATE TRIGGER guard BEFORE UPDATE ON move_guarded FOR EACH ROW EXECUTE FUNCTION only_superusers();
                """);
        for (String t : List.of("setup_fails", "insert_guarded", "move_guarded")) {
            db.execute("ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY; ALTER TABLE " + t + " FORCE ROW LEVEL SECURITY; "
                    + "CREATE POLICY iso ON " + t + " USING (" + PIN + ") WITH CHECK (" + PIN + ")");
        }
        db.execute("ALTER TABLE probe_fails ENABLE ROW LEVEL SECURITY; ALTER TABLE probe_fails FORCE ROW LEVEL SECURITY; "
                + "CREATE POLICY iso ON probe_fails USING (" + PIN + " AND 1 / (org_id - org_id) = 0) WITH CHECK (" + PIN + ")");
        // not FORCEd, and its owner took its own SELECT away: the bypass cannot be shown
        db.execute("SET ROLE sg_owner_revoked; CREATE TABLE owner_revoked (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                + "org_id bigint NOT NULL); ALTER TABLE owner_revoked ENABLE ROW LEVEL SECURITY; "
                + "CREATE POLICY iso ON owner_revoked USING (" + PIN + ") WITH CHECK (" + PIN + "); "
                + "REVOKE SELECT ON owner_revoked FROM sg_owner_revoked; RESET ROLE");
        SchemaSnapshot snapshot;
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
        TenantModel model = TenantDiscovery.discover(snapshot, Set.of());
        try (Connection c = db.connect()) {
            result = new IsolationProbe(c, snapshot, model).run();
        }
    }

    private static List<Finding> on(String table) {
        return result.findings().stream().filter(f -> f.object().equals("public." + table)).toList();
    }

    @Test
    void eachTableGetsTheVerdictOfWhatCouldBeShown() {
        assertThat(result.verdicts()).isEqualTo(Map.of(
                "public.orgs", TableVerdict.ISOLATED,
                "public.setup_fails", TableVerdict.NOT_PROBED,
                "public.probe_fails", TableVerdict.NOT_PROBED,
                "public.insert_guarded", TableVerdict.NOT_DEMONSTRATED,
                "public.move_guarded", TableVerdict.NOT_DEMONSTRATED,
                "public.owner_revoked", TableVerdict.OWNER_BYPASS));
        assertThat(result.metrics()).containsEntry("tables_isolated", Count.of(1, 6)).containsEntry("tables_not_probed", Count.of(2, 6))
                .containsEntry("tables_not_demonstrated", Count.of(2, 6)).containsEntry("owner_bypass", Count.of(1, 6))
                .containsEntry("tables_probed", Count.of(4, 6)).containsEntry("tables_leaking", Count.of(0, 6));
        assertThat(result.valid()).isFalse();
        assertThat(on("orgs")).isEmpty();
    }

    @Test
    void setupThatCannotMakeRowsIsAnError() {
        assertThat(on("setup_fails")).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROBE_SETUP_FAILED");
            assertThat(f.fails()).isTrue();
            assertThat(f.message()).contains("setup_fails_code_check").contains("NOT tested");
        });
    }

    @Test
    void aProbeStatementThatErrorsIsAnError() {
        assertThat(on("probe_fails")).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROBE_FAILED");
            assertThat(f.fails()).isTrue();
            assertThat(f.message()).contains("division by zero").contains("22012");
        });
    }

    @Test
    void writesRefusedForAnotherReasonThanRlsShowNothing() {
        assertThat(on("insert_guarded")).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROBE_INSERT_INCONCLUSIVE");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("writes go through the admin service");
        });
        assertThat(on("move_guarded")).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROBE_MOVE_INCONCLUSIVE");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("writes go through the admin service");
        });
    }

    @Test
    void anOwnerBypassThatCannotBeShownIsNotedAndStillNotIsolated() {
        assertThat(on("owner_revoked")).extracting(Finding::code, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("OWNER_BYPASS_NOT_SHOWN", Severity.INFO));
    }
}
