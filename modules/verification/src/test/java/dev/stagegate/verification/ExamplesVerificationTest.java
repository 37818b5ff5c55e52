package dev.stagegate.verification;

import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Suppressions;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.example.ExampleBuilder;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.expect.ExpectationFile;
import dev.stagegate.verification.expect.ExpectationResult;
import dev.stagegate.verification.fk.ExpectedForeignKey;
import dev.stagegate.verification.preserve.Preservation;
import dev.stagegate.verification.result.Count;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.verification.tenant.TenantModel;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Seeds 003 and 004: the codex and mandate examples pass every check. */
class ExamplesVerificationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** The production mapping of an example's settings (review §1 #6: no copy of it here). */
    static VerificationConfig config(Example e) {
        return ExampleSettings.verification(e);
    }

    private VerificationReport build(String name, String database) throws Exception {
        Example e = Example.locate(name);
        db.execute("CREATE DATABASE " + database);
        try (Connection c = db.server().connect(database)) {
            new ExampleBuilder(c, line -> { }).build(e, null, 1);
            return Verifier.verify(c, config(e), s -> ExpectationFile.read(e.dir().resolve(e.property("expectations")), s));
        }
    }

    @Test
    void codexWeek2TakesFortyThreeTablesToFiftyNineAndPassesTheSixteenChecks() throws Exception {
        VerificationReport r = build("codex-week2", db.name() + "_codex");
        assertThat(r.failing()).as(r.toMarkdown()).isEmpty();
        assertThat(r.tally()).containsEntry("tables_isolated", Count.of(4, 34)).containsEntry("owner_bypass", Count.of(30, 34))
                .containsEntry("tables_not_demonstrated", Count.of(0, 34)).containsEntry("tables_leaking", Count.of(0, 34)).containsEntry("orphans", 0L)
                .containsEntry("isolation_run_valid", true).containsEntry("smoke_inserts", Count.of(33, 33));
        assertThat(r.expectations()).allMatch(ExpectationResult::passed).anySatisfy(x -> assertThat(x.label()).isEqualTo("tables = 59"));
        assertThat(r.expectations().size()).isGreaterThanOrEqualTo(16 + 5 + 12);
    }

    @Test
    void mandate008PassesItsConstraintTestsAndKeepsEveryHistoricalRow() throws Exception {
        Example e = Example.locate("mandate-008");
        String database = db.name() + "_mandate";
        db.execute("CREATE DATABASE " + database);
        try (Connection c = db.server().connect(database)) {
            new ExampleBuilder(c, line -> { }).build(e, "007", 1);
            SchemaSnapshot at007 = new CatalogReader(c).read(false);
            Preservation.Capture before = Preservation.capture(c, at007, Preservation.Mode.CONTENT);
            try (MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(e.migrationsDir()), EngineOptions.defaults(), x -> { })) {
                assertThat(engine.migrate(null).failure()).isNull();
            }
            SchemaSnapshot at008 = new CatalogReader(c).read(false);
            Preservation.Capture after = Preservation.capture(c, at008, Preservation.Mode.CONTENT);
            assertThat(before.table("public.verdict_events").rows()).isEqualTo(90);
            // Every table keeps its rows except migration_log, where 008 records itself.
            Tuple logged = tuple("ROW_COUNT_CHANGED", "public.migration_log");
            assertThat(Preservation.compare(before, after, Preservation.Mode.COUNTS, Set.of()))
                    .extracting(Finding::code, Finding::object).containsExactly(logged);
            // 008 replaces domain_id by domain in these six tables, so their whole rows change; the rest must not.
            assertThat(Preservation.compare(before, after, Preservation.Mode.CONTENT, Set.of()))
                    .extracting(Finding::code, Finding::object).containsExactlyInAnyOrder(logged,
                            tuple("CONTENT_CHANGED", "public.domains"), tuple("CONTENT_CHANGED", "public.domain_owners"),
                            tuple("CONTENT_CHANGED", "public.scopes"), tuple("CONTENT_CHANGED", "public.decision_events"),
                            tuple("CONTENT_CHANGED", "public.verdict_events"), tuple("CONTENT_CHANGED", "public.audit_entries"));
            // Column by column on the tables 008 altered: only scope_id was rewritten (integer identity -> domain.name).
            Set<String> altered = Preservation.altered(SnapshotDiff.between(at007, at008));
            assertThat(altered).contains("public.domains", "public.domain_owners", "public.scopes", "public.decision_events",
                    "public.verdict_events", "public.audit_entries");
            assertThat(Preservation.compare(before, after, Preservation.Mode.CONTENT, altered))
                    .extracting(Finding::code, Finding::object).containsExactlyInAnyOrder(logged,
                            tuple("COLUMN_CONTENT_CHANGED", "public.scopes.scope_id"),
                            tuple("COLUMN_CONTENT_CHANGED", "public.decision_events.scope_id"),
                            // 008 drops the integer domain_id everywhere (the domain slug is the identity now):
                            // those values are gone from the database, which is what a rollback must restore
                            tuple("COLUMN_CONTENT_CHANGED", "public.domains.domain_id"),
                            tuple("COLUMN_CONTENT_CHANGED", "public.scopes.domain_id"),
                            tuple("COLUMN_CONTENT_CHANGED", "public.domain_owners.domain_id"),
                            tuple("COLUMN_CONTENT_CHANGED", "public.decision_events.domain_id"),
                            tuple("COLUMN_CONTENT_CHANGED", "public.verdict_events.domain_id"),
                            tuple("COLUMN_CONTENT_CHANGED", "public.audit_entries.domain_id"));

            VerificationReport r = Verifier.verify(c, config(e), s -> ExpectationFile.read(e.dir().resolve("expectations.txt"), s));
            assertThat(r.failing()).as(r.toMarkdown()).isEmpty();
            assertThat(r.expectations()).extracting(ExpectationResult::label).contains("scope_id prefix is validated",
                    "domain slug format is enforced", "a valid scope_id is accepted", "composite FKs on 5 tables");
            assertThat(r.tally()).containsEntry("tables_isolated", Count.of(5, 9)).containsEntry("owner_bypass", Count.of(4, 9))
                    .containsEntry("tables_not_demonstrated", Count.of(0, 9)).containsEntry("smoke_inserts", Count.of(8, 8));

            // the rollback restores the integer identities without losing a row
            try (MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(e.migrationsDir()), EngineOptions.defaults(), x -> { })) {
                assertThat(engine.rollback("007").failure()).isNull();
            }
            Preservation.Capture cycled = Preservation.capture(c, at007, Preservation.Mode.CONTENT);
            assertThat(Preservation.compare(before, cycled, Preservation.Mode.CONTENT, Set.of())).isEmpty();
        }
    }
}
