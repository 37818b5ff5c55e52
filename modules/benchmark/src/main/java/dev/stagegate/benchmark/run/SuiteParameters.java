package dev.stagegate.benchmark.run;

import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The suite's parameters picked from the data, once, on the baseline: both arms then run the same
 * queries with the same values (picking them on each arm could pick different rows and compare two
 * different queries). A parameter whose SQL returns no row is refused, naming it: a query bound to
 * NULL measures an empty plan.
 */
public final class SuiteParameters {

    private SuiteParameters() {
    }

    /** Values as the server writes them (text), in a read-only transaction that is rolled back. */
    public static Map<String, Object> pick(Connection c, QuerySuite suite) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
            // a setting's value is picked like a parameter's, as the login user (what a policy lets the role see does not choose it)
            Map<String, String> all = new LinkedHashMap<>(suite.params());
            suite.settings().forEach((k, v) -> all.put(QuerySuite.settingKey(k), v));
            for (Map.Entry<String, String> p : all.entrySet()) {
                String what = p.getKey().startsWith("@") ? "setting " + p.getKey().substring(1) : "parameter " + p.getKey();
                String where = what + " of " + (suite.file() == null ? "the suite" : suite.file().getFileName());
                try (ResultSet rs = st.executeQuery(p.getValue())) {
                    if (!rs.next() || rs.getObject(1) == null) {
                        throw new StagegateException(ErrorCode.INPUT_INVALID, where + " found no value (" + p.getValue()
                                + "): a query bound to nothing measures nothing");
                    }
                    // the server's own text of the value: what both arms bind, whatever its type (bytea, jsonb, enum, timestamp)
                    out.put(p.getKey(), rs.getString(1));
                } catch (SQLException e) {
                    throw new StagegateException(ErrorCode.INPUT_INVALID, where + " does not run on the baseline: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + " (" + p.getValue() + ")");
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
        return out;
    }

    /** Binds a query's parameters in order; the same name may appear more than once. */
    public static void bind(PreparedStatement ps, SuiteQuery q, Map<String, Object> values) throws SQLException {
        for (int i = 0; i < q.parameters().size(); i++) {
            // the server's text of the value, typed by the server from the query, as the benchmark binds it
            ps.setObject(i + 1, values.get(q.parameters().get(i)), java.sql.Types.OTHER);
        }
    }
}
