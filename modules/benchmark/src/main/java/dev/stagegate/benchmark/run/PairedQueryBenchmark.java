package dev.stagegate.benchmark.run;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * One suite query on the baseline and the candidate in the same fork, iterations taking turns: the
 * first arm, the second, the first... (which goes first is {@link #first}, alternated by round). Both
 * arms' sessions are opened, pinned with their backends to the fork's CPU, before the warmup.
 * <p>
 * Why in one fork: on this project's host the forks of one query on one database sat at two levels
 * (0.13-0.16 or 0.20-0.26 ms) while each fork's iterations agreed within a few percent, the cause in the
 * fork (not the backend: four backends per fork did not average it out; decision 99). Two arms in separate
 * forks carry two forks' levels into their ratio; in one fork, both arms get the same one and the ratio
 * keeps only what differs between the databases.
 * <p>
 * JMH's score of this benchmark is the mean of both arms' iterations and means nothing alone: the arms are
 * read from the measurement iterations in order ({@link BenchRunner}), even ones the first arm's, odd ones the second's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PairedQueryBenchmark {

    /** The suite query's id. */
    @Param({"none"})
    public String query;

    /** The baseline's connection file. */
    @Param({""})
    public String baseline;

    /** The candidate's connection file. */
    @Param({""})
    public String candidate;

    /** Which arm times the first iteration: {@code baseline} or {@code candidate}. */
    @Param({"baseline"})
    public String first;

    private ArmConnection a;
    private ArmConnection b;
    private ArmConnection active;
    private int iteration;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        boolean baselineFirst = first.equals("baseline");
        a = ArmConnection.open(baselineFirst ? baseline : candidate, query);
        b = ArmConnection.open(baselineFirst ? candidate : baseline, query);
    }

    /** Warmup and measurement iterations alike: the first arm on even ones, the second on odd ones. */
    @Setup(Level.Iteration)
    public void nextArm() throws IOException {
        active = iteration++ % 2 == 0 ? a : b;
        active.stayPinned();
    }

    @Benchmark
    public void run(Blackhole bh) throws SQLException {
        active.execute(bh);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try {
            if (a != null) {
                a.close();
            }
        } finally {
            if (b != null) {
                b.close();
            }
        }
    }
}
