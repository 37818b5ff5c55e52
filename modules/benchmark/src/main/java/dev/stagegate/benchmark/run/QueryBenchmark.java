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
 * One suite query on one database, timed by JMH in its own fork: one connection and one prepared
 * statement per fork, every column of every row consumed into the {@link Blackhole}, read only. What a
 * stored baseline is recorded and compared with; two databases at once are timed by {@link PairedQueryBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class QueryBenchmark {

    /** The suite query's id: one value per query of the suite. */
    @Param({"none"})
    public String query;

    /** The arm's connection file (url, user, password, suite, parameter values). */
    @Param({""})
    public String arm;

    private ArmConnection session;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        session = ArmConnection.open(arm, query);
    }

    @Setup(Level.Iteration)
    public void stayPinned() throws IOException {
        session.stayPinned();
    }

    @Benchmark
    public void run(Blackhole bh) throws SQLException {
        session.execute(bh);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        if (session != null) {
            session.close();
        }
    }
}
