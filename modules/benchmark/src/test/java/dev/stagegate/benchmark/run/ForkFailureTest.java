package dev.stagegate.benchmark.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed fork is quoted by its own exception (from JMH's log), not by JMH's "the benchmark had an error". */
class ForkFailureTest {

    @TempDir
    Path tmp;

    @Test
    void theForksOwnExceptionIsTheCauseAndJmhsMessageTheFallback() throws Exception {
        Path log = tmp.resolve("jmh_round01_candidate.log");
        Files.writeString(log, """
                # Fork: 1 of 1
                # Warmup Iteration   1: <failure>

                org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout
                \tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)
                """);
        RuntimeException jmh = new RuntimeException("Benchmark caught the exception\nmore");
        assertThat(BenchRunner.cause(log, jmh)).isEqualTo("org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout");
        assertThat(BenchRunner.cause(tmp.resolve("missing.log"), jmh)).isEqualTo("Benchmark caught the exception");
    }
}
