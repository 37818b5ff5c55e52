package dev.stagegate.verification.partition;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.QueryCounter;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PartitionDriftTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static SchemaSnapshot snapshot;
    static List<Finding> findings;

    @BeforeAll
    static void check() throws Exception {
        db.execute(PartitionedSchemas.ACCOUNTS + PartitionedSchemas.DRIFTING + PartitionedSchemas.CORRECT);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
        findings = PartitionDrift.check(snapshot);
    }

    /** The statements after "fix: ", as the finding gives them. */
    static List<String> fixes(Finding f) {
        int at = f.message().indexOf("; fix: ");
        assertThat(at).as("a fix in " + f.message()).isPositive();
        return Arrays.asList(f.message().substring(at + "; fix: ".length()).split("; "));
    }

    private static Finding on(String object) {
        return findings.stream().filter(f -> f.object().equals(object)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding on " + object + " in " + findings));
    }

    @Test
    void eachPartitionIsNamedWithWhatItLacks() {
        assertThat(findings).extracting(Finding::code, Finding::object, Finding::severity).containsExactlyInAnyOrder(
                tuple("PARTITION_RLS_OFF", "public.events_2024", Severity.ERROR),
                tuple("PARTITION_DRIFT", "public.events_2026 policy tenant_isolation (ALL)", Severity.ERROR),
                tuple("PARTITION_DRIFT", "public.audit rls", Severity.ERROR),
                tuple("PARTITION_DRIFT", "public.audit_other rls", Severity.ERROR),
                tuple("PARTITION_DRIFT", "public.events_2023 fk(account_id)->public.accounts", Severity.ERROR),
                tuple("PARTITION_DRIFT", "public.events_2025 index(account_id)", Severity.WARNING),
                tuple("PARTITION_DRIFT", "public.readings_b index(device_id)", Severity.WARNING));
    }

    @Test
    void aMissingForeignKeyNamesTheSiblingsThatDeclareIt() {
        assertThat(on("public.events_2023 fk(account_id)->public.accounts").message())
                .startsWith("public.events_2023 lacks the foreign key [account_id] -> public.accounts [id] that its sibling(s) "
                        + "public.events_2024, public.events_2025, public.events_2026 declare")
                .endsWith("fix: ALTER TABLE \"public\".\"events_2023\" ADD FOREIGN KEY (\"account_id\") REFERENCES \"public\".\"accounts\" (\"id\")");
    }

    @Test
    void aPartitionWithoutRlsSaysItBypassesTheParentsPolicies() {
        Finding f = on("public.events_2024");
        assertThat(f.message()).contains("row-level security off while its parent public.events has it on",
                "reading public.events_2024 directly bypasses the parent's policies");
        assertThat(fixes(f)).hasSize(2).first().isEqualTo("ALTER TABLE \"public\".\"events_2024\" ENABLE ROW LEVEL SECURITY");
        assertThat(fixes(f).get(1)).startsWith("CREATE POLICY \"tenant_isolation\" ON \"public\".\"events_2024\" AS PERMISSIVE FOR ALL TO PUBLIC USING (");
        assertThat(on("public.events_2026 policy tenant_isolation (ALL)").message())
                .contains("lacks the policy tenant_isolation (ALL) that its sibling(s) public.events_2023, public.events_2025 have");
        assertThat(on("public.audit rls").message()).contains("a query on public.audit reads every partition's rows without any policy");
    }

    @Test
    void anIndexBuiltOnOnlyTheParentAndNotAttachedIsNamed() {
        Finding f = on("public.readings_b index(device_id)");
        assertThat(f.message()).contains("its parent's index readings_device_idx is built ON ONLY public.readings and not attached to it");
        assertThat(fixes(f)).containsExactly(
                "CREATE INDEX CONCURRENTLY \"readings_b_device_id_idx\" ON \"public\".\"readings_b\" USING btree (device_id)",
                "ALTER INDEX \"public\".\"readings_device_idx\" ATTACH PARTITION \"public\".\"readings_b_device_id_idx\"");
        assertThat(on("public.events_2025 index(account_id)").message()).contains("its sibling(s) public.events_2023, public.events_2024, "
                + "public.events_2026 have one");
    }

    @Test
    void correctPartitionedDesignsHaveNoDrift() {
        // keys and indexes on the parent, RLS and policies everywhere (two levels), and the deny-all partitions of logs
        assertThat(findings).noneMatch(f -> f.object().startsWith("public.orders") || f.object().startsWith("public.logs"));
    }

    @Test
    void theSnapshotAloneDecides() throws Exception {
        QueryCounter counter = new QueryCounter();
        try (Connection c = counter.wrap(db.connect())) {
            SchemaSnapshot s = new CatalogReader(c).read(false);
            assertThat(PartitionDrift.check(s)).hasSameSizeAs(findings);
        }
        assertThat(counter.count()).isEqualTo(CatalogReader.QUERIES);
    }

    @Test
    void theBypassesTheMessagesDescribeAreReal() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute("INSERT INTO audit VALUES (1, 1, 'login'), (2, 2, 'login')");
                st.execute("CREATE ROLE sg_partition_reader NOLOGIN NOSUPERUSER NOBYPASSRLS");
                st.execute("GRANT SELECT ON events, events_2024, audit, audit_login TO sg_partition_reader");
                st.execute("SET LOCAL ROLE sg_partition_reader");
                st.execute("SET LOCAL app.current_tenant = '1'");
                assertThat(count(st, "SELECT count(*) FROM events WHERE created_at >= '2024-01-01'")).as("through the parent").isZero();
                assertThat(count(st, "SELECT count(*) FROM events_2024")).as("the partition read directly").isEqualTo(1);
                assertThat(count(st, "SELECT count(*) FROM audit_login")).as("the partition with RLS").isEqualTo(1);
                assertThat(count(st, "SELECT count(*) FROM audit")).as("its parent without").isEqualTo(2);
            } finally {
                c.rollback();
            }
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
