package dev.stagegate.verification.fk;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ForeignKeyChecksTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static SchemaSnapshot snapshot;

    @BeforeAll
    static void schema() throws Exception {
        db.execute("""
                CREATE TABLE parent (id bigint PRIMARY KEY);
                INSERT INTO parent SELECT generate_series(1, 10);
                -- correct: indexed, CASCADE, no orphans
                CREATE TABLE good_child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id) ON DELETE CASCADE);
                CREATE INDEX ON good_child (parent_id);
                INSERT INTO good_child VALUES (1, 1), (2, 1), (3, 2), (4, NULL);
                -- orphans slipped in before a NOT VALID key was added
                CREATE TABLE orphan_child (id bigint PRIMARY KEY, parent_id bigint);
                CREATE INDEX ON orphan_child (parent_id);
                INSERT INTO orphan_child VALUES (1, 1), (2, 404), (3, 405);
                ALTER TABLE orphan_child ADD CONSTRAINT orphan_child_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
                -- multi-column key with an orphan
                CREATE TABLE pairs (a int, b int, PRIMARY KEY (a, b));
                INSERT INTO pairs VALUES (1, 1);
                CREATE TABLE pair_child (id int PRIMARY KEY, a int, b int);
                CREATE INDEX ON pair_child (b, a);
                INSERT INTO pair_child VALUES (1, 1, 1), (2, 1, 2), (3, NULL, 9);
                ALTER TABLE pair_child ADD CONSTRAINT pair_child_fkey FOREIGN KEY (a, b) REFERENCES pairs (a, b) NOT VALID;
                -- no index, and an int pointing at a bigint
                CREATE TABLE loose_child (id bigint PRIMARY KEY, parent_id int REFERENCES parent (id));
                INSERT INTO loose_child VALUES (1, 3);
                -- declared CASCADE, but a trigger quietly keeps the parent: the rehearsal must notice
                CREATE TABLE guarded (id bigint PRIMARY KEY);
                INSERT INTO guarded VALUES (1);
                CREATE TABLE guarded_child (id bigint PRIMARY KEY, guarded_id bigint REFERENCES guarded (id) ON DELETE CASCADE);
                CREATE INDEX ON guarded_child (guarded_id);
                INSERT INTO guarded_child VALUES (1, 1);
                CREATE FUNCTION keep_guarded() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
                CREATE TRIGGER keep BEFORE DELETE ON guarded FOR EACH ROW EXECUTE FUNCTION keep_guarded();
                -- CASCADE that can never run: the child's delete trigger logs a row pointing at the parent being deleted
                CREATE TABLE acct (id bigint PRIMARY KEY);
                INSERT INTO acct VALUES (1);
                CREATE TABLE acct_item (id bigint PRIMARY KEY, acct_id bigint REFERENCES acct (id) ON DELETE CASCADE);
                CREATE INDEX ON acct_item (acct_id);
                INSERT INTO acct_item VALUES (1, 1);
                CREATE TABLE acct_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, acct_id bigint REFERENCES acct (id));
                CREATE INDEX ON acct_log (acct_id);
                CREATE FUNCTION log_item() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO acct_log (acct_id) VALUES (OLD.acct_id); RETURN OLD; END $$;
                CREATE TRIGGER log_item AFTER DELETE ON acct_item FOR EACH ROW EXECUTE FUNCTION log_item();
                -- RESTRICT, honoured
                CREATE TABLE kept_child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id) ON DELETE RESTRICT);
                CREATE INDEX ON kept_child (parent_id);
                INSERT INTO kept_child VALUES (1, 5);
                """);
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader(c).read(false);
        }
    }

    @Test
    void catalogChecksFindMissingKeysLowCountsUnindexedKeysAndTypeMismatches() {
        List<Finding> f = ForeignKeyChecks.catalog(snapshot, List.of(ExpectedForeignKey.named("good_child_parent_id_fkey"),
                ExpectedForeignKey.parse("pair_child(a, b)"), ExpectedForeignKey.named("users_tenant_id_fkey")), 15);
        assertThat(f).filteredOn(x -> x.code().equals("FK_MISSING")).extracting(Finding::object).containsExactly("users_tenant_id_fkey");
        assertThat(f).extracting(Finding::code).contains("FK_COUNT_BELOW_MINIMUM");
        assertThat(f).filteredOn(x -> x.code().equals("FK_UNINDEXED")).extracting(Finding::object)
                .containsExactly("public.loose_child.loose_child_parent_id_fkey");
        assertThat(f).filteredOn(x -> x.code().equals("FK_TYPE_MISMATCH")).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("integer").contains("bigint"));
    }

    @Test
    void orphanScanCountsPerKeyIncludingNotValidAndMultiColumnKeysWithSamples() throws Exception {
        ForeignKeyChecks.OrphanScan scan;
        try (Connection c = db.connect()) {
            scan = ForeignKeyChecks.orphans(c, snapshot);
        }
        assertThat(scan.orphans()).isEqualTo(3);
        assertThat(scan.keys()).isEqualTo(snapshot.foreignKeys().size());
        assertThat(scan.findings()).extracting(Finding::object).containsExactlyInAnyOrder(
                "public.orphan_child.orphan_child_parent_fkey", "public.pair_child.pair_child_fkey");
        assertThat(scan.findings()).allSatisfy(f -> assertThat(f.code()).isEqualTo("FK_ORPHANS"));
        Finding single = scan.findings().stream().filter(x -> x.object().contains("orphan_child")).findFirst().orElseThrow();
        assertThat(single.message()).startsWith("2 row(s)").contains("NOT VALID");
        assertThat(single.proof()).containsExactlyInAnyOrder("[parent_id] = (404)", "[parent_id] = (405)");
    }

    @Test
    void aTenantLikeKeyIsScannedKeyByKeyAndStillCountsEveryOrphanRow() throws Exception {
        db.execute("""
                CREATE TABLE orgs_few (id bigint PRIMARY KEY);
                INSERT INTO orgs_few SELECT generate_series(1, 10);
                CREATE TABLE events_many (id bigint PRIMARY KEY, org_id bigint NOT NULL);
                INSERT INTO events_many SELECT g, 1 + g % 12 FROM generate_series(1, 24000) g;
                CREATE INDEX ON events_many (org_id);
                ALTER TABLE events_many ADD CONSTRAINT events_many_org_fkey FOREIGN KEY (org_id) REFERENCES orgs_few (id) NOT VALID;
                ANALYZE orgs_few; ANALYZE events_many;
                """);
        try (Connection c = db.connect()) {
            SchemaSnapshot s = new CatalogReader(c).read(false);
            ForeignKeyChecks.OrphanScan scan = ForeignKeyChecks.orphans(c, s);
            // keys 11 and 12 do not exist: 2 of 12 keys, 4000 rows
            assertThat(scan.findings()).filteredOn(f -> f.object().endsWith("events_many_org_fkey")).singleElement()
                    .satisfies(f -> assertThat(f.message()).startsWith("4000 row(s)"));
            var fk = s.foreignKeys().stream().filter(f -> f.name().equals("events_many_org_fkey")).findFirst().orElseThrow();
            var shares = new java.util.HashMap<String, Double>();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT n_distinct FROM pg_stats WHERE tablename = 'events_many' AND attname = 'org_id'")) {
                rs.next();
                shares.put("public.events_many.org_id", rs.getDouble(1) / 24000);
            }
            assertThat(ForeignKeyChecks.looseScanFits(s, fk, shares)).isTrue();
        } finally {
            db.execute("DROP TABLE events_many; DROP TABLE orgs_few;");
        }
    }

    @Test
    void anOrphanScanThatRlsWouldFilterIsBlockedNotZero() throws Exception {
        db.execute("""
                CREATE SCHEMA rlsx;
                CREATE TABLE rlsx.p (id bigint PRIMARY KEY);
                CREATE TABLE rlsx.c (id bigint PRIMARY KEY, p_id bigint REFERENCES rlsx.p (id));
                CREATE INDEX ON rlsx.c (p_id);
                ALTER TABLE rlsx.c ENABLE ROW LEVEL SECURITY;
                CREATE POLICY nothing ON rlsx.c USING (false);
                DROP ROLE IF EXISTS sg_fk_reader; CREATE ROLE sg_fk_reader LOGIN;
                GRANT USAGE ON SCHEMA rlsx TO sg_fk_reader; GRANT SELECT ON ALL TABLES IN SCHEMA rlsx TO sg_fk_reader;
                """);
        db.execute("GRANT CONNECT ON DATABASE \"" + db.name() + "\" TO sg_fk_reader");
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), "sg_fk_reader", "")) {
            SchemaSnapshot s = new CatalogReader(c).read(List.of("rlsx"), false);
            List<Finding> out = new java.util.ArrayList<>();
            assertThat(ForeignKeyChecks.orphansUnlessBlocked(c, s, out)).isNull();
            assertThat(out).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("ORPHAN_SCAN_BLOCKED");
                assertThat(f.fails()).isTrue();
            });
        }
        try (Connection c = db.connect()) {
            SchemaSnapshot s = new CatalogReader(c).read(List.of("rlsx"), false);
            List<Finding> out = new java.util.ArrayList<>();
            assertThat(ForeignKeyChecks.orphansUnlessBlocked(c, s, out).orphans()).isZero();
            assertThat(out).isEmpty();
        } finally {
            db.execute("DROP SCHEMA rlsx CASCADE; REVOKE CONNECT ON DATABASE \"" + db.name() + "\" FROM sg_fk_reader");
        }
    }

    @Test
    void onDeleteIsRehearsedAndADisagreementIsReported() throws Exception {
        OnDeleteRehearsal.Result r;
        try (Connection c = db.connect()) {
            r = OnDeleteRehearsal.run(c, snapshot);
        }
        assertThat(r.findings()).filteredOn(f -> f.code().equals("FK_ON_DELETE_MISMATCH")).singleElement().satisfies(f -> {
            assertThat(f.object()).isEqualTo("public.guarded_child.guarded_child_guarded_id_fkey");
            assertThat(f.message()).contains("declared ON DELETE CASCADE").contains("left its 1 child row(s) in place");
        });
        assertThat(r.findings()).filteredOn(f -> f.code().equals("FK_DELETE_BLOCKED")).singleElement().satisfies(f -> {
            assertThat(f.object()).isEqualTo("public.acct_item.acct_item_acct_id_fkey");
            assertThat(f.message()).contains("acct_log_acct_id_fkey");
            assertThat(f.fails()).isTrue();
        });
        assertThat(r.findings()).extracting(Finding::code).containsExactlyInAnyOrder("FK_ON_DELETE_MISMATCH", "FK_DELETE_BLOCKED");
        // 8 keys; acct_item's delete is blocked, so its CASCADE was not observed. acct_log has no rows: synthetic.
        Map<String, DeleteOutcome> outcomes = r.rehearsals().stream()
                .collect(Collectors.toMap(OnDeleteRehearsal.Rehearsal::key, OnDeleteRehearsal.Rehearsal::outcome));
        assertThat(outcomes).isEqualTo(Map.of(
                "public.good_child.good_child_parent_id_fkey", DeleteOutcome.CASCADED,
                "public.orphan_child.orphan_child_parent_fkey", DeleteOutcome.REFUSED,
                "public.pair_child.pair_child_fkey", DeleteOutcome.REFUSED,
                "public.loose_child.loose_child_parent_id_fkey", DeleteOutcome.REFUSED,
                "public.guarded_child.guarded_child_guarded_id_fkey", DeleteOutcome.KEPT,
                "public.acct_item.acct_item_acct_id_fkey", DeleteOutcome.BLOCKED,
                "public.acct_log.acct_log_acct_id_fkey", DeleteOutcome.REFUSED,
                "public.kept_child.kept_child_parent_id_fkey", DeleteOutcome.REFUSED));
        assertThat(r.rehearsed()).isEqualTo(7);
        assertThat(r.keys()).isEqualTo(8);
        assertThat(db.queryLong("SELECT count(*) FROM good_child")).isEqualTo(4);
        assertThat(db.queryLong("SELECT count(*) FROM parent")).isEqualTo(10);
    }
}
