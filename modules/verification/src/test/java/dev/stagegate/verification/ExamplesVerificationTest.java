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
import dev.stagegate.verification.preserve.TableFingerprint;
import dev.stagegate.verification.tenant.TenantModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeds 003 and 004: the codex and mandate examples pass every check. */
class ExamplesVerificationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static VerificationConfig config(Example e) {
        Map<String, String> templates = new LinkedHashMap<>();
        e.propertyNames().stream().filter(k -> k.startsWith("row.")).forEach(k -> templates.put(k.substring(4), e.property(k)));
        Set<String> critical = Set.of(e.property("critical.tables").split(","));
        TenantModel model = new TenantModel(e.property("tenant.column"), e.property("tenant.setting"), e.property("tenant.table"), "id", critical);
        List<ExpectedForeignKey> fks = e.property("fk.expected") == null ? List.of() : ExpectedForeignKey.parseList(e.property("fk.expected"));
        return new VerificationConfig(model, critical, fks, Integer.parseInt(e.property("fk.minimum")), true, Suppressions.none(), templates);
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
        assertThat(r.tally()).containsEntry("tables_isolated", "34/34").containsEntry("orphans", 0L)
                .containsEntry("isolation_run_valid", true).containsEntry("smoke_inserts", "33/33");
        assertThat(r.expectations()).allMatch(ExpectationResult::passed).anySatisfy(x -> assertThat(x.label()).isEqualTo("tables = 59"));
        assertThat(r.expectations().size()).isGreaterThanOrEqualTo(16 + 5 + 12);
    }

    @Test
    void mandate008PassesItsConstraintTestsAndKeepsEveryHistoricalRow() throws Exception {
        Example e = Example.locate("mandate-008");
        String database = db.name() + "_mandate";
        db.execute("CREATE DATABASE " + database);
        List<String> tables = Arrays.asList(e.property("preserve.counts").split(","));
        try (Connection c = db.server().connect(database)) {
            new ExampleBuilder(c, line -> { }).build(e, "007", 1);
            Map<String, TableFingerprint> before = Preservation.capture(c, tables);
            try (MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(e.migrationsDir()), EngineOptions.defaults(), x -> { })) {
                assertThat(engine.migrate(null).failure()).isNull();
            }
            Map<String, TableFingerprint> after = Preservation.capture(c, tables);
            assertThat(Preservation.compare(before, after, Preservation.Mode.COUNTS)).isEmpty();
            assertThat(before.get("public.verdict_events").rows()).isEqualTo(90);
            // 008 rewrites columns, so the content digest does move: counts-only is the right check here.
            assertThat(Preservation.compare(before, after, Preservation.Mode.CONTENT)).isNotEmpty();

            VerificationReport r = Verifier.verify(c, config(e), s -> ExpectationFile.read(e.dir().resolve("expectations.txt"), s));
            assertThat(r.failing()).as(r.toMarkdown()).isEmpty();
            assertThat(r.expectations()).extracting(ExpectationResult::label).contains("scope_id prefix is validated",
                    "domain slug format is enforced", "a valid scope_id is accepted", "composite FKs on 5 tables");
            assertThat(r.tally()).containsEntry("tables_isolated", "9/9").containsEntry("smoke_inserts", "8/8");

            // the rollback restores the integer identities without losing a row
            try (MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(e.migrationsDir()), EngineOptions.defaults(), x -> { })) {
                assertThat(engine.rollback("007").failure()).isNull();
            }
            assertThat(Preservation.compare(before, Preservation.capture(c, tables), Preservation.Mode.CONTENT)).isEmpty();
        }
    }
}
