package dev.stagegate.verification.partition;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.fk.ForeignKeyChecks;
import dev.stagegate.verification.integrity.IntegrityChecks;
import dev.stagegate.verification.tenant.TenantModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A partition lacking the foreign key its siblings declare lets an orphan in. */
class PartitionOrphansTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static SchemaSnapshot snapshot;

    @BeforeAll
    static void schema() throws Exception {
        db.execute(PartitionedSchemas.ACCOUNTS + PartitionedSchemas.DRIFTING + """
                -- a nullable tenant key; notes_b lacks the key notes_a declares, and holds a NULL and an orphan
                CREATE TABLE notes (id bigint NOT NULL, account_id bigint, at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE notes_a PARTITION OF notes FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE notes_b PARTITION OF notes FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                ALTER TABLE notes_a ADD FOREIGN KEY (account_id) REFERENCES accounts (id);
                CREATE INDEX ON notes (account_id);
                INSERT INTO notes VALUES (1, 1, '2024-02-01'), (2, NULL, '2025-02-01'), (3, 405, '2025-03-01'), (4, 405, '2025-04-01');
                """);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
    }

    @Test
    void theOrphanScanAloneMissesTheOrphan() throws Exception {
        // The scan reads each declared key; events_2023 and notes_b declare none, so their orphans are never read.
        try (Connection c = db.connect()) {
            ForeignKeyChecks.OrphanScan scan = ForeignKeyChecks.orphans(c, snapshot);
            assertThat(scan.orphans()).isZero();
            assertThat(scan.findings()).isEmpty();
        }
        try (Connection c = db.connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM events_2023 e WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = e.account_id)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the fixture's orphan").isEqualTo(1);
        }
    }

    @Test
    void theDriftFindingNamesThePartitionThatLetTheOrphanIn() {
        assertThat(PartitionDrift.keys(snapshot)).filteredOn(f -> f.message().contains("lacks the foreign key"))
                .extracting(Finding::code, Finding::object).containsExactly(
                        tuple("PARTITION_DRIFT", "public.events_2023 fk(account_id)->public.accounts"),
                        tuple("PARTITION_DRIFT", "public.notes_b fk(account_id)->public.accounts"));
    }

    @Test
    void eachPartitionIsScannedForTheKeyItsSiblingsDeclare() throws Exception {
        List<Finding> out = new ArrayList<>();
        try (Connection c = db.connect()) {
            assertThat(PartitionOrphans.scan(c, snapshot, out)).isEqualTo(3);
        }
        assertThat(out).extracting(Finding::code, Finding::severity, Finding::object).containsExactly(
                tuple("FK_ORPHANS", Severity.CRITICAL, "public.events_2023 fk(account_id)->public.accounts"),
                tuple("FK_ORPHANS", Severity.CRITICAL, "public.notes_b fk(account_id)->public.accounts"));
        assertThat(out.get(0).message()).startsWith("1 row(s) of public.events_2023 point at no public.accounts row: the partition lacks "
                + "the key [account_id] -> public.accounts that public.events_2024, public.events_2025, public.events_2026 declare");
        assertThat(out.get(0).proof()).containsExactly("[account_id] = (404)");
        assertThat(out.get(1).message()).startsWith("2 row(s) of public.notes_b");
        assertThat(out.get(1).proof()).containsExactly("[account_id] = (405)", "[account_id] = (405)");
    }

    @Test
    void aSchemaWithoutDriftCostsNoQuery() throws Exception {
        try (Connection c = db.connect()) {
            SchemaSnapshot plain = new SchemaSnapshot(snapshot.capturedAt(), snapshot.database(), snapshot.serverVersionNum(),
                    snapshot.schemas(), false, snapshot.tables().stream().filter(t -> t.name().startsWith("orders")).toList(),
                    List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
            c.close(); // a query would fail
            assertThat(PartitionOrphans.scan(c, plain, new ArrayList<>())).isZero();
        }
    }

    @Test
    void theNullTenantScanReadsThePartitionWhateverItsKeys() throws Exception {
        // NULL tenant keys do not depend on foreign keys: the scan reads each tenant table, a partitioned one
        // through its parent (all its partitions), so the NULL in notes_b is found once, on public.notes.
        TenantModel model = new TenantModel("account_id", "app.current_tenant", "accounts", "id", Set.of());
        try (Connection c = db.connect()) {
            List<Finding> nulls = IntegrityChecks.run(c, snapshot, model).findings().stream()
                    .filter(f -> f.code().equals("NULL_TENANT_KEY")).toList();
            assertThat(nulls).extracting(Finding::object).containsExactly("public.notes");
            assertThat(nulls.get(0).message()).startsWith("1 row(s)");
        }
    }
}
