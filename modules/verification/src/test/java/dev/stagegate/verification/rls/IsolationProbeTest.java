package dev.stagegate.verification.rls;

import dev.stagegate.core.error.StagegateException;
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
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsolationProbeTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static SchemaSnapshot snapshot;
    static TenantModel model;

    @BeforeAll
    static void schema() throws Exception {
        db.execute(BrokenTenancy.SQL);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
        model = TenantDiscovery.discover(snapshot, Set.of("good", "not_forced"));
    }

    private IsolationProbe.Result probe() throws Exception {
        try (Connection c = db.connect()) {
            return new IsolationProbe(c, snapshot, model).run();
        }
    }

    private static List<String> codes(IsolationProbe.Result r, String table) {
        return r.findings().stream().filter(f -> f.object().equals("public." + table)).map(Finding::code).toList();
    }

    @Test
    void discoversOrgIdAndTheOrgsTableFromThePolicies() {
        assertThat(model.column()).isEqualTo("org_id");
        assertThat(model.setting()).isEqualTo("app.org_id");
        assertThat(model.tenantTable()).isEqualTo("public.orgs");
        assertThat(model.tenantKey()).isEqualTo("id");
    }

    @Test
    void findsEachLeakWithProofAndPassesTheCorrectTables() throws Exception {
        IsolationProbe.Result r = probe();
        assertThat(r.valid()).as(r.findings().toString()).isTrue();
        assertThat(r.roleProof()).contains("superuser=false, bypassrls=false, bypass through membership=false, owns probed tables=0");
        assertThat(r.metrics()).containsEntry("negative_control", "leaked as it must");
        assertThat(codes(r, "good")).isEmpty();
        assertThat(codes(r, "orgs")).isEmpty();
        assertThat(codes(r, "open_read")).contains("LEAK_READ", "LEAK_UPDATE", "LEAK_DELETE", "LEAK_INSERT", "LEAK_MOVE");
        assertThat(codes(r, "always_true")).contains("LEAK_READ", "LEAK_UPDATE", "LEAK_DELETE");
        // PostgreSQL refuses moving a row out of sight by an UPDATE with a WHERE (the new row must pass the
        // SELECT policy); without a WHERE it does not, so WITH CHECK (true) lets the move through too.
        assertThat(codes(r, "write_unpinned")).containsExactly("LEAK_INSERT", "LEAK_MOVE");
        assertThat(codes(r, "not_forced")).containsExactly("OWNER_BYPASS");
        // RLS on and no policy is deny-all by design: every probe ran and was blocked, nothing to report
        assertThat(codes(r, "no_policy")).isEmpty();
        assertThat(r.verdicts()).containsEntry("public.no_policy", TableVerdict.DENY_ALL);
        Finding read = r.findings().stream().filter(f -> f.code().equals("LEAK_READ") && f.object().equals("public.open_read"))
                .findFirst().orElseThrow();
        assertThat(read.proof()).singleElement().satisfies(p -> assertThat(p).contains("\"org_id\":"));
        assertThat(r.findings().stream().filter(f -> f.code().equals("OWNER_BYPASS")).findFirst().orElseThrow().message())
                .contains("sg_app_owner");
    }

    @Test
    void onlyTablesWhereEveryProbeRanAndWasBlockedCountAsIsolated() throws Exception {
        IsolationProbe.Result r = probe();
        assertThat(r.verdicts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "public.orgs", TableVerdict.ISOLATED,
                "public.good", TableVerdict.ISOLATED,
                "public.two_policies", TableVerdict.ISOLATED,
                "public.open_read", TableVerdict.LEAKING,
                "public.always_true", TableVerdict.LEAKING,
                "public.write_unpinned", TableVerdict.LEAKING,
                "public.no_policy", TableVerdict.DENY_ALL,
                "public.not_forced", TableVerdict.OWNER_BYPASS));
        assertThat(r.metrics()).containsEntry("tables_probed", Count.of(8, 8)).containsEntry("tables_isolated", Count.of(3, 8))
                .containsEntry("tables_leaking", Count.of(3, 8)).containsEntry("tables_not_demonstrated", Count.of(0, 8)).containsEntry("tables_deny_all", Count.of(1, 8))
                .containsEntry("owner_bypass", Count.of(1, 8)).containsEntry("tables_not_probed", Count.of(0, 8));
    }

    @Test
    void anApplicationConnectingAsTheOwnerOfAnUnforcedTableIsNotDemonstrated() throws Exception {
        IsolationProbe.Result r;
        try (Connection c = db.connect()) {
            r = new IsolationProbe(c, snapshot, model, Map.of(), "sg_app_owner").run();
        }
        assertThat(codes(r, "not_forced")).containsExactly("APPLICATION_ROLE_OWNS_TABLE");
        assertThat(r.findings()).filteredOn(f -> f.code().equals("APPLICATION_ROLE_OWNS_TABLE")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("sg_app_owner");
            assertThat(f.proof()).singleElement().satisfies(p -> assertThat(p).contains("\"org_id\":"));
        });
        assertThat(r.verdicts()).containsEntry("public.not_forced", TableVerdict.NOT_DEMONSTRATED)
                .containsEntry("public.good", TableVerdict.ISOLATED);
        assertThat(r.metrics()).containsEntry("owner_bypass", Count.of(0, 8)).containsEntry("tables_not_demonstrated", Count.of(1, 8))
                .containsEntry("tables_deny_all", Count.of(1, 8));
    }

    @Test
    void anApplicationRoleThatIsNotTheOwnerLeavesTheUnforcedTableIsolated() throws Exception {
        db.execute("DROP ROLE IF EXISTS sg_app_user; CREATE ROLE sg_app_user NOLOGIN");
        IsolationProbe.Result r;
        try (Connection c = db.connect()) {
            r = new IsolationProbe(c, snapshot, model, Map.of(), "sg_app_user").run();
        }
        assertThat(r.verdicts()).containsEntry("public.not_forced", TableVerdict.ISOLATED);
        assertThat(codes(r, "not_forced")).containsExactly("OWNER_BYPASS");
        assertThat(r.findings()).noneMatch(f -> f.code().startsWith("APPLICATION_ROLE_"));
        assertThat(r.metrics()).containsEntry("tables_isolated", Count.of(4, 8)).containsEntry("owner_bypass", Count.of(0, 8));
    }

    @Test
    void anApplicationRoleThatBypassesRlsIsolatesNothing() throws Exception {
        db.execute("DROP ROLE IF EXISTS sg_app_bypass; CREATE ROLE sg_app_bypass NOLOGIN BYPASSRLS");
        IsolationProbe.Result r;
        try (Connection c = db.connect()) {
            r = new IsolationProbe(c, snapshot, model, Map.of(), "sg_app_bypass").run();
        }
        assertThat(r.findings()).filteredOn(f -> f.code().equals("APPLICATION_ROLE_BYPASSES_RLS")).singleElement()
                .satisfies(f -> assertThat(f.fails()).isTrue());
        assertThat(r.metrics()).containsEntry("tables_isolated", Count.of(0, 8)).containsEntry("tables_not_demonstrated", Count.of(5, 8))
                .containsEntry("tables_leaking", Count.of(3, 8));
    }

    @Test
    void anUnknownApplicationRoleIsBadInputNotAPass() throws Exception {
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> new IsolationProbe(c, snapshot, model, Map.of(), "sg_no_such_role").run())
                    .isInstanceOf(StagegateException.class).hasMessageContaining("sg_no_such_role does not exist");
        }
    }

    @Test
    void aProbeRoleThatCouldBypassRlsIsRefusedAndNothingIsCounted() throws Exception {
        db.execute("DROP ROLE IF EXISTS sg_bypasser; CREATE ROLE sg_bypasser NOLOGIN BYPASSRLS");
        IsolationProbe.Result r;
        try (Connection c = db.connect()) {
            r = new IsolationProbe(c, snapshot, model).grantingToProbe("sg_bypasser").run();
        }
        assertThat(r.valid()).isFalse();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROBE_ROLE_BYPASSES_RLS");
            assertThat(f.fails()).isTrue();
            assertThat(f.message()).contains("bypass through membership=true");
        });
        assertThat(r.metrics()).containsEntry("tables_isolated", Count.of(0, 8)).containsEntry("tables_not_probed", Count.of(8, 8));
    }

    @Test
    void leavesNothingBehind() throws Exception {
        long roles = db.queryLong("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'sg\\_probe\\_%'");
        long rows = db.queryLong("SELECT (SELECT count(*) FROM orgs) + (SELECT count(*) FROM good) + (SELECT count(*) FROM open_read)");
        probe();
        assertThat(db.queryLong("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'sg\\_probe\\_%'")).isEqualTo(roles).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'sg\\_probe\\_control%'")).isZero();
        assertThat(db.queryLong("SELECT (SELECT count(*) FROM orgs) + (SELECT count(*) FROM good) + (SELECT count(*) FROM open_read)"))
                .isEqualTo(rows);
    }

    @Test
    void aControlThatDoesNotLeakMakesTheRunInvalid() throws Exception {
        try (Connection c = db.connect()) {
            IsolationProbe.Result r = new IsolationProbe(c, snapshot, model, "false", java.util.Map.of(), null).run();
            assertThat(r.valid()).isFalse();
            assertThat(r.findings()).extracting(Finding::code).containsExactly("PROBE_CONTROL_FAILED");
        }
    }

    @Test
    void aConnectionThatCannotCreateTheProbeRoleGetsAnErrorNeverAPass() throws Exception {
        db.execute("DROP ROLE IF EXISTS sg_plain; CREATE ROLE sg_plain LOGIN; GRANT CONNECT ON DATABASE \"" + db.name() + "\" TO sg_plain");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "sg_plain", "")) {
            IsolationProbe.Result r = new IsolationProbe(c, snapshot, model).run();
            assertThat(r.valid()).isFalse();
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("PROBE_ROLE_UNAVAILABLE");
                assertThat(f.fails()).isTrue();
                assertThat(f.message()).contains("NOT tested");
            });
            assertThat(r.metrics()).containsEntry("tables_isolated", Count.of(0, 8)).containsEntry("tables_not_probed", Count.of(8, 8));
        }
    }
}
