package dev.stagegate.migration.env;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.result.Suppressions;
import dev.stagegate.migration.env.ServerFacts.Disk;
import dev.stagegate.migration.env.ServerFacts.Replica;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules on facts alone: the figures no test server can produce (old majors, replicas, lag). */
class EnvironmentRulesTest {

    private static final EnvironmentThresholds DEFAULTS = EnvironmentThresholds.defaults();

    private static ServerFacts facts(List<Replica> replicas, Optional<Duration> standbyAge) {
        return new ServerFacts(15, "c2pro", 100_000_000L, 0, 0, 0, List.of(), Optional.empty(), standbyAge.isPresent(),
                standbyAge, replicas, 64, 100, 0, Set.of("plpgsql", "pgcrypto"), Disk.stated(1L << 40, "stated"));
    }

    private static ServerFacts quiet() {
        return facts(List.of(), Optional.empty());
    }

    private static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).toList();
    }

    private static List<Finding> evaluate(ServerFacts f) {
        return EnvironmentCheck.evaluate(f, MigrationNeeds.none(), DEFAULTS);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(DEFAULTS).isEqualTo(new EnvironmentThresholds(12, 0, 0, Duration.ofMinutes(5), Duration.ofSeconds(30), 1.0, 1.5));
        assertThatThrownBy(() -> DEFAULTS.withDiskHeadroomRatio(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withMaxOtherActiveSessions(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withMaxLockTableShare(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withMaxTransactionAge(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyCodeHasOneSentenceOfMeaning() {
        assertThat(EnvironmentCode.values()).allSatisfy(c -> assertThat(c.meaning()).endsWith(".").doesNotContain("\n"));
        assertThat(Arrays.stream(EnvironmentCode.values()).filter(EnvironmentCode::unknown).map(Enum::name)
                .collect(Collectors.toSet())).containsExactlyInAnyOrder("SESSIONS_NOT_VISIBLE", "REPLICATION_LAG_UNKNOWN",
                "DISK_HEADROOM_UNKNOWN");
    }

    /** docs/testing.md: every check gets a fixture that fails it; here every code is asserted by name in these tests. */
    @Test
    void everyCodeIsAssertedByNameInTheseTests() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("src/test/java/dev/stagegate/migration/env");
        StringBuilder tests = new StringBuilder();
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.toList()) {
                tests.append(java.nio.file.Files.readString(f));
            }
        }
        assertThat(EnvironmentCode.values()).allSatisfy(c -> assertThat(tests).contains("\"" + c.name() + "\""));
    }

    @Test
    void aQuietPrimaryWithoutReplicasPasses() {
        assertThat(evaluate(quiet())).isEmpty();
    }

    @Test
    void aServerBelowTheMinimumMajorFails() {
        ServerFacts old = new ServerFacts(11, "c2pro", 1, 0, 0, 0, List.of(), Optional.empty(), false, Optional.empty(),
                List.of(), 64, 100, 0, Set.of(), Disk.stated(1L << 40, ""));
        assertThat(codes(evaluate(old))).containsExactly("SERVER_TOO_OLD_FOR_GATE");
        assertThat(EnvironmentCheck.evaluate(old, MigrationNeeds.none(), DEFAULTS.withMinServerMajor(11))).isEmpty();
    }

    @Test
    void aReplicaLaggingMoreThanThirtySecondsFails() {
        Replica lagging = new Replica("replica1", "streaming", Optional.of(Duration.ofSeconds(31)));
        List<Finding> f = evaluate(facts(List.of(lagging), Optional.empty()));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("REPLICATION_LAG");
            assertThat(x.object()).isEqualTo("replica replica1");
            assertThat(x.proof()).containsExactly("replay_lag 31.0 s");
        });
        assertThat(evaluate(facts(List.of(new Replica("replica1", "streaming", Optional.of(Duration.ofSeconds(30)))),
                Optional.empty()))).isEmpty();
        assertThat(EnvironmentCheck.evaluate(facts(List.of(lagging), Optional.empty()), MigrationNeeds.none(),
                DEFAULTS.withMaxReplicationLag(Duration.ofMinutes(1)))).isEmpty();
    }

    @Test
    void aCaughtUpIdleReplicaShowsNoLagAndPasses() {
        ServerFacts f = facts(List.of(new Replica("replica1", "streaming", Optional.empty())), Optional.empty());
        assertThat(evaluate(f)).isEmpty();
        assertThat(f.maxReplicationLag()).isEmpty();
    }

    @Test
    void aReplicaNotStreamingFails() {
        List<Finding> f = evaluate(facts(List.of(new Replica("r2", "catchup", Optional.of(Duration.ofSeconds(1)))), Optional.empty()));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("REPLICATION_LAG");
            assertThat(x.message()).contains("state 'catchup'");
        });
    }

    @Test
    void aReplicaTheRoleCannotReadMakesTheStepIncomplete() {
        ServerFacts f = facts(List.of(new Replica("r3", null, Optional.empty())), Optional.empty());
        List<Finding> findings = evaluate(f);
        assertThat(codes(findings)).containsExactly("REPLICATION_LAG_UNKNOWN");
        assertThat(EnvironmentCheck.status(findings)).isEqualTo(StepStatus.INCOMPLETE);
    }

    @Test
    void onAStandbyTheAgeOfTheLastReplayedTransactionIsTheLag() {
        List<Finding> f = evaluate(facts(List.of(), Optional.of(Duration.ofSeconds(45))));
        assertThat(codes(f)).containsExactly("REPLICATION_LAG");
        assertThat(f.get(0).object()).isEqualTo("standby c2pro");
        assertThat(evaluate(facts(List.of(), Optional.of(Duration.ofSeconds(5))))).isEmpty();
        assertThat(facts(List.of(new Replica("a", "streaming", Optional.of(Duration.ofSeconds(2)))), Optional.of(Duration.ofSeconds(5)))
                .maxReplicationLag()).contains(Duration.ofSeconds(5));
    }

    @Test
    void aRealFailureOutranksAnUnknownAndASuppressedUnknownNoLongerBlocks() {
        ServerFacts busyRemote = new ServerFacts(15, "c2pro", 1, 2, 0, 0, List.of("pid 1", "pid 2"), Optional.empty(),
                false, Optional.empty(), List.of(), 64, 100, 0, Set.of(), Disk.unknown("no local data folder"));
        StepResult r = EnvironmentCheck.result(busyRemote, MigrationNeeds.none(), DEFAULTS, Map.of(), List.of(), Duration.ZERO);
        assertThat(codes(r.findings())).containsExactly("OTHER_ACTIVE_SESSIONS", "DISK_HEADROOM_UNKNOWN");
        assertThat(r.status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.summary()).endsWith("failing: OTHER_ACTIVE_SESSIONS, DISK_HEADROOM_UNKNOWN");

        ServerFacts quietRemote = quiet().withDisk(Disk.unknown("no local data folder"));
        List<Finding> unknown = EnvironmentCheck.evaluate(quietRemote, MigrationNeeds.none(), DEFAULTS);
        assertThat(EnvironmentCheck.status(unknown)).isEqualTo(StepStatus.INCOMPLETE);
        List<Finding> accepted = new Suppressions().accept("DISK_HEADROOM_UNKNOWN:c2pro", "disk checked by the DBA").apply(unknown);
        assertThat(EnvironmentCheck.status(accepted)).isEqualTo(StepStatus.PASSED);
    }

    @Test
    void statedSizesParseInBinaryUnits() {
        assertThat(EnvironmentCheck.parseBytes("40GB")).isEqualTo(40L << 30);
        assertThat(EnvironmentCheck.parseBytes("40 GiB")).isEqualTo(40L << 30);
        assertThat(EnvironmentCheck.parseBytes("512mb")).isEqualTo(512L << 20);
        assertThat(EnvironmentCheck.parseBytes("1.5TB")).isEqualTo(3L << 39);
        assertThat(EnvironmentCheck.parseBytes("1234")).isEqualTo(1234L);
        assertThatThrownBy(() -> EnvironmentCheck.parseBytes("forty")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40GB");
        assertThatThrownBy(() -> EnvironmentCheck.parseBytes("-1GB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvironmentCheck.builder().statedDiskFreeBytes(Optional.of(-1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
