package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.source.MigrationSet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * CE-21's dry run: the pending migrations run on a disposable copy of the target, observed
 * statement by statement ({@link ObservedEngine}); the target is only read, and proven unchanged
 * ({@link TargetProof}).
 */
public final class Rehearsal {

    /** How a rehearsal runs: up to which version, how the copy is made, whether it is kept, how long a probe waits. */
    public record Options(String to, String copyStrategy, boolean keep, Duration probeWait) {
        public static Options defaults() {
            return new Options(null, "auto", false, TrafficProbe.ATTEMPT);
        }

        public Options withTo(String version) {
            return new Options(version, copyStrategy, keep, probeWait);
        }
    }

    /** What happened: the copy, the observed run, and the proof about the target. */
    /** @param scale how much bigger the target is than the copy: 1 for a full copy, more for a sample */
    public record Result(String from, String copyText, String copyStrategy, long copyMillis, long databaseBytes, double scale,
                         List<String> notInSample, ObservedEngine.Observation observation, TargetProof.Verdict target, List<String> log) {
        public boolean succeeded() {
            return observation.run().succeeded();
        }

        public boolean nothingPending() {
            return observation.run().completed().isEmpty() && succeeded();
        }
    }

    private Rehearsal() {
    }

    public static Result run(Target live, MigrationSet set, EngineOptions engineOptions, Options o, Consumer<String> out) throws SQLException {
        if (o.to() != null && set.find(o.to()).isEmpty()) {
            throw new StagegateException(ErrorCode.VERSION_UNKNOWN, "--to " + o.to() + " is no migration of this set; the latest is "
                    + set.latest().map(m -> m.version().toString()).orElse("(none)"));
        }
        TargetProof proof;
        long bytes;
        try (Connection c = Connector.open(live)) {
            c.setReadOnly(true);
            proof = TargetProof.read(c);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
                rs.next();
                bytes = rs.getLong(1);
            }
        }
        List<String> log = new ArrayList<>();
        Consumer<String> say = line -> {
            out.accept(line);
            log.add(java.time.Instant.now() + " " + line);
        };
        ObservedEngine.Observation observation;
        boolean faithful;
        String copyText;
        DatabaseCopy made;
        String from;
        double scale;
        RehearsalCopy.sayLeftovers(live, say);
        try (RehearsalCopy copy = RehearsalCopy.make(live, o.copyStrategy(), o.keep())) {
            made = copy.copy();
            scale = copy.scale();
            copyText = copy.describe();
            say.accept("[INFO] " + copyText);
            try (Connection c = Connector.open(copy.target())) {
                // the copy is what was fingerprinted: a change between the two would make the rehearsal about another database
                faithful = copy.sampled() ? proof.sameSchema(c) : proof.sameData(c);
                if (!faithful) {
                    say.accept("[WARN] the copy differs from the target as it was read: the target changed while it was copied");
                }
                try (MigrationEngine e = new MigrationEngine(c, set, engineOptions, ev -> { })) {
                    from = e.status().currentVersion();
                }
                // roles, tablespaces, databases: a copy on the same server shares them, so what would run is refused before it runs
                String at = from;
                ServerWideStatements.requireNone(set, m -> Versions.after(set, m, at) && Versions.upTo(set, m, o.to()), m -> false);
                observation = new ObservedEngine(copy.target(), c, set, engineOptions, o.probeWait(), ev -> say.accept(ev.line())).migrate(o.to());
            }
            if (o.keep()) {
                say.accept("[INFO] the copy is kept: " + copy.whereKept());
            }
        }
        TargetProof.Verdict target;
        try {
            target = proof.verify(live, faithful);
        } catch (StagegateException e) {
            throw RehearsalCopy.serverGone(e, copyText);
        }
        log.add(target.text());
        return new Result(from, copyText, made.strategy(), made.millis(), bytes, scale,
                made.sample() == null ? List.of() : made.sample().emptied(), observation, target, log);
    }
}
