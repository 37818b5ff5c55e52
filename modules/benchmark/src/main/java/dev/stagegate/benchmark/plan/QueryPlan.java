package dev.stagegate.benchmark.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.core.sql.Identifiers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plan a suite query really runs under the benchmark: pgjdbc turns a statement executed five
 * times into a named server-side statement, and the server's plan cache then may switch it to a
 * generic plan. So the query is PREPAREd with the same untyped parameters, EXECUTEd six times with the
 * benchmark's values, and only then EXPLAINed (FORMAT JSON) as EXECUTE: the plan of the steady state
 * the forks measure, not the one a literal query would get. In a read-only transaction, rolled back.
 *
 * @param json  the server's EXPLAIN output, as evidence
 * @param nodes every node of the plan, depth first
 * @param rows  the rows its last execution returned (-1 when read back from a stored baseline that had none)
 */
public record QueryPlan(String query, String json, List<Node> nodes, long rows) {

    /** One plan node: its type, the table and index it reads (if any) and the rows the planner expects. */
    public record Node(String type, String relation, String index, double rows, List<String> relationsBelow) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int EXECUTIONS_BEFORE_EXPLAIN = 6;

    public static QueryPlan capture(Connection c, SuiteQuery q, Map<String, Object> values) throws SQLException {
        String args = args(q, values);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
            st.execute("SET LOCAL statement_timeout = '60s'");
            st.execute("PREPARE sg_plan AS " + q.numbered());
            long rows = 0;
            for (int i = 0; i < EXECUTIONS_BEFORE_EXPLAIN; i++) {
                rows = 0;
                try (ResultSet rs = st.executeQuery("EXECUTE sg_plan" + args)) {
                    while (rs.next()) {
                        rows++;  // read as the benchmark reads them, and counted: an arm that returns nothing does no work
                    }
                }
            }
            String json;
            try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan" + args)) {
                rs.next();
                json = rs.getString(1);
            }
            return new QueryPlan(q.id(), json, nodes(json), rows);
        } finally {
            c.rollback();
            // a prepared statement outlives the transaction that made it; only ours is dropped (the driver keeps its own)
            try (Statement st = c.createStatement()) {
                st.execute("DEALLOCATE sg_plan");
            } catch (SQLException notPrepared) {
                // PREPARE itself failed: nothing to drop
            }
            c.setAutoCommit(auto);
        }
    }

    /** A plan read back from stored evidence (a recorded baseline). */
    public static QueryPlan of(String query, String json, long rows) {
        return new QueryPlan(query, json, nodes(json), rows);
    }

    private static String args(SuiteQuery q, Map<String, Object> values) {
        if (q.parameters().isEmpty()) {
            return "";
        }
        List<String> lits = new ArrayList<>();
        for (String p : q.parameters()) {
            Object v = values.get(p);
            lits.add(v == null ? "NULL" : Identifiers.literal(String.valueOf(v)));
        }
        return "(" + String.join(", ", lits) + ")";
    }

    static List<Node> nodes(String json) {
        List<Node> out = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(json);
            walk(root.get(0).get("Plan"), out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("EXPLAIN gave no JSON plan: " + e.getOriginalMessage(), e);
        }
        return List.copyOf(out);
    }

    private static List<String> walk(JsonNode plan, List<Node> out) {
        int at = out.size();
        out.add(null);
        List<String> below = new ArrayList<>();
        String relation = plan.hasNonNull("Relation Name") ? (plan.hasNonNull("Schema") ? plan.get("Schema").asText() + "." : "")
                + plan.get("Relation Name").asText() : null;
        if (relation != null) {
            below.add(relation);
        }
        if (plan.has("Plans")) {
            for (JsonNode child : plan.get("Plans")) {
                below.addAll(walk(child, out));
            }
        }
        out.set(at, new Node(plan.get("Node Type").asText(), relation, plan.hasNonNull("Index Name") ? plan.get("Index Name").asText() : null,
                plan.path("Plan Rows").asDouble(), List.copyOf(below)));
        return below;
    }
}
