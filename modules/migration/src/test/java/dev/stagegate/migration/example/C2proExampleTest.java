package dev.stagegate.migration.example;

import dev.stagegate.core.example.Example;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.Index;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The c2pro example builds the schema the seeds describe, and its generated data fits every constraint. */
class C2proExampleTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final Set<String> TABLES = Set.of("tenants", "users", "projects", "documents", "clauses", "analyses",
            "alerts", "extractions", "stakeholders", "wbs_items", "bom_items", "stakeholder_wbs_raci",
            "ai_usage_logs", "audit_logs");

    static SchemaSnapshot snapshot;
    static List<String> progress = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Example c2pro = Example.locate("c2pro");
        try (Connection c = db.connect()) {
            new ExampleBuilder(c, progress::add).build(c2pro, null, 1);
            snapshot = new CatalogReader(c).read(true);
        }
    }

    @Test
    void migrationsAreOrderedNumericallyAndEachHasARollback() {
        var m = dev.stagegate.migration.source.MigrationSource.read(Example.locate("c2pro").migrationsDir()).migrations();
        assertThat(m).extracting(x -> x.version().text()).containsExactly("001", "002", "003", "004", "005");
        assertThat(m).allSatisfy(x -> assertThat(x.rollbackFile()).isNotNull());
        assertThat(progress).anySatisfy(p -> assertThat(p).startsWith("[SUCCESS] Generated data at scale 1"));
        // data is generated on the 001 schema, before RLS and FKs exist
        assertThat(progress.get(0)).startsWith("[SUCCESS] Migration 001 completed");
        assertThat(progress.get(1)).startsWith("[SUCCESS] Generated data");
    }

    @Test
    void buildsTheFourteenTenantTablesWithRlsAndForceOnTheCriticalOnes() {
        assertThat(snapshot.tables()).extracting(Table::name).containsExactlyInAnyOrderElementsOf(TABLES);
        assertThat(snapshot.tables()).filteredOn(t -> TABLES.contains(t.name())).allSatisfy(t -> {
            assertThat(t.rlsEnabled()).as(t.name()).isTrue();
            assertThat(snapshot.policiesOn(t)).as(t.name()).isNotEmpty();
        });
        assertThat(snapshot.tables()).filteredOn(Table::rlsForced).extracting(Table::name)
                .containsExactlyInAnyOrder("tenants", "users", "projects", "documents");
    }

    @Test
    void hasTheForeignKeysTheSeedNamesAndAnIndexLeadingWithEveryFkColumn() {
        assertThat(snapshot.foreignKeys()).extracting(ForeignKey::name).contains("users_tenant_id_fkey",
                "projects_tenant_id_fkey", "documents_project_id_fkey", "clauses_document_id_fkey", "alerts_analysis_id_fkey");
        // 003_foreign_keys.sql adds 31 and no other migration adds any.
        assertThat(snapshot.foreignKeys()).hasSize(31);
        assertThat(snapshot.foreignKeys()).allSatisfy(fk -> assertThat(fk.validated()).isTrue());
        for (ForeignKey fk : snapshot.foreignKeys()) {
            List<Index> indexes = snapshot.indexes().stream().filter(i -> i.qualifiedTable().equals(fk.qualifiedTable())).toList();
            assertThat(indexes).as("index on " + fk.qualifiedTable() + fk.columns())
                    .anySatisfy(i -> assertThat(i.columns().subList(0, Math.min(i.columns().size(), fk.columns().size())))
                            .isEqualTo(fk.columns()));
        }
    }

    @Test
    void generatedDataHasTheDocumentedSizesAndKeepsChildrenInTheirParentsTenant() throws Exception {
        assertThat(snapshot.table("tenants").orElseThrow().exactRows()).isEqualTo(10L);
        assertThat(snapshot.table("clauses").orElseThrow().exactRows()).isEqualTo(2000L);
        assertThat(snapshot.tables().stream().filter(t -> TABLES.contains(t.name()) && !t.name().equals("audit_logs"))
                .mapToLong(Table::exactRows).sum())
                .isEqualTo(6280L);
        assertThat(db.queryLong("SELECT count(*) FROM alerts al JOIN analyses a ON a.id = al.analysis_id "
                + "WHERE a.tenant_id <> al.tenant_id")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM alerts al JOIN clauses c ON c.id = al.source_clause_id "
                + "JOIN analyses a ON a.id = al.analysis_id WHERE c.document_id <> a.document_id")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM stakeholder_wbs_raci r JOIN wbs_items w ON w.id = r.wbs_item_id "
                + "JOIN stakeholders s ON s.id = r.stakeholder_id WHERE w.project_id <> s.project_id")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM ai_usage_logs WHERE created_at > now()")).isZero();
    }

    @Test
    void theAuditTriggerRecordsChanges() throws Exception {
        db.execute("BEGIN; UPDATE projects SET status = 'closed' WHERE id = md5('project:0')::uuid; COMMIT;");
        assertThat(db.queryLong("SELECT count(*) FROM audit_logs WHERE record_id = md5('project:0')::uuid "
                + "AND action = 'UPDATE'")).isEqualTo(1);
    }
}
