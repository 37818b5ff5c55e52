package dev.stagegate.verification.rls;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.QueryCounter;
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

class RlsCoverageTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static List<Finding> findings;
    static SchemaSnapshot snapshot;
    static TenantModel model;

    @BeforeAll
    static void check() throws Exception {
        db.execute(BrokenTenancy.SQL);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
        model = TenantDiscovery.discover(snapshot, Set.of("good", "not_forced", "orgs"));
        findings = RlsCoverage.check(snapshot, model);
    }

    private static List<String> on(String object) {
        return findings.stream().filter(f -> f.object().startsWith(object)).map(Finding::code).toList();
    }

    @Test
    void theCorrectTableHasNoFinding() {
        assertThat(on("public.good ")).isEmpty();
        assertThat(findings).noneMatch(f -> f.object().equals("public.good"));
        assertThat(on("public.orgs")).isEmpty();
    }

    @Test
    void eachBrokenTableGetsItsFinding() {
        assertThat(on("public.open_read")).contains("RLS_DISABLED", "POLICY_RLS_OFF");
        assertThat(on("public.always_true")).contains("POLICY_ALWAYS_TRUE", "POLICY_WRITE_UNPINNED");
        assertThat(on("public.write_unpinned")).containsExactly("POLICY_WRITE_UNPINNED");
        assertThat(on("public.no_policy")).containsExactly("RLS_NO_POLICY");
        assertThat(on("public.two_policies")).containsExactly("POLICY_MULTIPLE_PERMISSIVE");
        assertThat(findings).filteredOn(f -> f.code().equals("RLS_NOT_FORCED")).singleElement().satisfies(f -> {
            assertThat(f.object()).isEqualTo("public.not_forced");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
        });
    }

    @Test
    void viewsMatviewsAndDefinersThatReadAroundRls() {
        assertThat(on("public.good_report")).containsExactly("VIEW_BYPASSES_RLS");
        assertThat(on("public.good_safe")).isEmpty();
        assertThat(on("public.good_totals")).containsExactly("MATVIEW_TENANT_DATA");
        assertThat(on("public.leaky_definer")).containsExactly("SECURITY_DEFINER_SEARCH_PATH");
        assertThat(on("public.safe_definer")).isEmpty();
    }

    @Test
    void aNonCriticalTableWithoutForceIsOnlyAWarning() {
        TenantModel lenient = model.withCritical(Set.of());
        assertThat(RlsCoverage.check(snapshot, lenient)).filteredOn(f -> f.code().equals("RLS_NOT_FORCED")).singleElement()
                .satisfies(f -> {
                    assertThat(f.object()).isEqualTo("public.not_forced");
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                });
    }

    @Test
    void theTallyCountsLikeTheSeeds() {
        assertThat(RlsCoverage.tally(snapshot, model)).isEqualTo(Map.of(
                "tenant_tables", 8L, "rls_enabled", Count.of(7, 8), "with_policy", Count.of(7, 8), "forced_critical", Count.of(2, 3)));
    }

    @Test
    void catalogChecksNeedNoQueryBeyondTheSnapshot() throws Exception {
        QueryCounter counter = new QueryCounter();
        try (Connection c = counter.wrap(db.connect())) {
            SchemaSnapshot s = new CatalogReader(c).read(false);
            RlsCoverage.check(s, TenantDiscovery.discover(s, Set.of()));
            dev.stagegate.verification.fk.ForeignKeyChecks.catalog(s, List.of(), 15);
        }
        assertThat(counter.count()).isEqualTo(CatalogReader.QUERIES);
    }
}
