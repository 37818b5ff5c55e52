package dev.stagegate.verification.partition;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.fk.ForeignKeyChecks;
import dev.stagegate.verification.result.VerificationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PartitionGroupingTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static SchemaSnapshot snapshot;

    @BeforeAll
    static void schema() throws Exception {
        db.execute(PartitionedSchemas.ACCOUNTS + """
                -- the key declared on each of three partitions, none indexed; a plain table whose name starts the same
                CREATE TABLE metrics (id bigint NOT NULL, account_id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE metrics_2024 PARTITION OF metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE metrics_2025 PARTITION OF metrics FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE metrics_2026 PARTITION OF metrics FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (id);
                CREATE TABLE metrics_2026_x PARTITION OF metrics_2026 DEFAULT;
                ALTER TABLE metrics_2024 ADD FOREIGN KEY (account_id) REFERENCES accounts (id);
                ALTER TABLE metrics_2025 ADD FOREIGN KEY (account_id) REFERENCES accounts (id);
                ALTER TABLE metrics_2026 ADD FOREIGN KEY (account_id) REFERENCES accounts (id);
                CREATE TABLE metrics_archive (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id));
                """);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
    }

    @Test
    void findingsOnThreePartitionsAreOneOnTheParent() {
        List<Finding> catalog = ForeignKeyChecks.catalog(snapshot, List.of(), 0);
        assertThat(catalog).extracting(Finding::code, Finding::object).containsExactly(
                tuple("FK_UNINDEXED", "public.metrics_2024.metrics_2024_account_id_fkey"),
                tuple("FK_UNINDEXED", "public.metrics_2025.metrics_2025_account_id_fkey"),
                tuple("FK_UNINDEXED", "public.metrics_2026.metrics_2026_account_id_fkey"),
                tuple("FK_UNINDEXED", "public.metrics_archive.metrics_archive_account_id_fkey"));
        List<Finding> folded = PartitionGrouping.fold(snapshot, catalog);
        assertThat(folded).extracting(Finding::code, Finding::object).containsExactly(
                tuple("FK_UNINDEXED", "public.metrics"),
                tuple("FK_UNINDEXED", "public.metrics_archive.metrics_archive_account_id_fkey"));
        // the leaves' findings say the same thing; the partitioned one's advice differs (ON ONLY, see PartitionedIndexAdviceTest)
        assertThat(folded.get(0).message()).startsWith("on partitions public.metrics_2024, public.metrics_2025, public.metrics_2026 of "
                + "public.metrics: public.metrics_2024, public.metrics_2025: no valid index leads with [account_id]: deleting or updating "
                + "a accounts row scans <table> under lock; CREATE INDEX CONCURRENTLY ON <table> (\"account_id\"); public.metrics_2026: "
                + "no valid index leads with [account_id]: deleting or updating a accounts row scans metrics_2026 under lock; on a "
                + "partitioned table CREATE INDEX CONCURRENTLY is refused");
        assertThat(folded.get(0).proof()).isEqualTo(catalog.get(0).proof());
        assertThat(folded.get(1)).isSameAs(catalog.get(3));
    }

    @Test
    void theParentsOwnFindingJoinsItsPartitionsWorstSeverityFirstProof() {
        List<Finding> in = List.of(
                Finding.of(VerificationCode.RLS_DISABLED, Severity.WARNING, "public.metrics_2024", "public.metrics_2024 has RLS off", "first proof"),
                Finding.of(VerificationCode.RLS_DISABLED, Severity.WARNING, "public.accounts", "public.accounts has RLS off"),
                Finding.of(VerificationCode.RLS_DISABLED, Severity.CRITICAL, "public.metrics", "public.metrics has RLS off", "second proof"),
                Finding.of(VerificationCode.RLS_NO_POLICY, Severity.ERROR, "public.metrics_2025", "no policy"),
                Finding.of(VerificationCode.RLS_DISABLED, Severity.ERROR, "public.metrics_2026_x", "public.metrics_2026_x has RLS off"));
        List<Finding> out = PartitionGrouping.fold(snapshot, in);
        assertThat(out).extracting(Finding::code, Finding::object, Finding::severity).containsExactly(
                tuple("RLS_DISABLED", "public.metrics", Severity.CRITICAL),
                tuple("RLS_DISABLED", "public.accounts", Severity.WARNING),
                tuple("RLS_NO_POLICY", "public.metrics_2025", Severity.ERROR));
        assertThat(out.get(0).message())
                .isEqualTo("on public.metrics and its partitions public.metrics_2024, public.metrics_2026_x: <table> has RLS off");
        assertThat(out.get(0).proof()).containsExactly("first proof");
        assertThat(out.get(2)).as("a lone finding on a partition").isSameAs(in.get(3));
    }

    @Test
    void findingsThatDifferBeyondTheTableNameAreKeptEach() {
        List<Finding> in = List.of(
                Finding.of(VerificationCode.PARTITION_DRIFT, Severity.WARNING, "public.metrics_2024 index(at)", "public.metrics_2024 has no index on (at)"),
                Finding.of(VerificationCode.PARTITION_DRIFT, Severity.ERROR, "public.metrics_2025 fk(x)->public.y", "lacks the key x"));
        List<Finding> out = PartitionGrouping.fold(snapshot, in);
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.object()).isEqualTo("public.metrics");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).isEqualTo("on partitions public.metrics_2024, public.metrics_2025 of public.metrics: "
                    + "public.metrics_2024 has no index on (at); public.metrics_2025: lacks the key x");
        });
    }

    @Test
    void twoFindingsOnTheParentAloneStayTwo() {
        List<Finding> in = List.of(
                Finding.of(VerificationCode.FK_UNINDEXED, Severity.ERROR, "public.metrics.a_fkey", "a"),
                Finding.of(VerificationCode.FK_UNINDEXED, Severity.ERROR, "public.metrics.b_fkey", "b"),
                Finding.of(VerificationCode.FK_UNINDEXED, Severity.ERROR, "foreign keys", "not a table"));
        assertThat(PartitionGrouping.fold(snapshot, in)).isEqualTo(in);
    }
}
