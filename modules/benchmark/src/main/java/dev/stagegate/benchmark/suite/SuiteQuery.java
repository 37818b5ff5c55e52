package dev.stagegate.benchmark.suite;

import java.time.Duration;
import java.util.List;

/**
 * One query of a suite: its id, the SQL as JDBC runs it ({@code ?} for each {@code :param}), the
 * parameters in the order they appear, the optional limit ({@code -- max: 10ms}) and whether it is the
 * suite's control (a query no migration touches, whose drift says the host moved).
 *
 * @param numbered the SQL with {@code $1, $2...} for PREPARE (the plan check prepares it as the driver does)
 * @param line the line of its {@code -- name:} header, for messages
 */
public record SuiteQuery(String id, String sql, String numbered, List<String> parameters, Duration max, boolean control, int line) {

    public SuiteQuery {
        parameters = List.copyOf(parameters);
    }
}
