package dev.stagegate.verification.expect;

import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.verification.sql.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The seeds' hand-written checks as a compact API (the console's DSL calls it): objects exist,
 * counts ("exactly 59 tables", "at least 82 foreign keys"), what each migration creates,
 * statements that must fail with a SQLSTATE or message ({@code GOVERNANCE VIOLATION}), statements
 * that must succeed, queries that must return no rows or N rows, functions that must be callable,
 * triggers that must fire. Database expectations each run in a savepoint of one transaction that is
 * rolled back, so nothing they do remains.
 */
public final class Expectations {

    private interface Check {
        ExpectationResult run(Connection c) throws SQLException;
    }

    private final SchemaSnapshot snapshot;
    private final List<String> labels = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    public Expectations(SchemaSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    private Expectations catalog(String label, boolean passed, String observed) {
        labels.add(label);
        checks.add(c -> new ExpectationResult(label, passed, observed));
        return this;
    }

    public Expectations tableExists(String... tables) {
        for (String t : tables) {
            boolean found = snapshot.table(t).isPresent();
            catalog("table " + t + " exists", found, found ? "present" : "missing");
        }
        return this;
    }

    public Expectations columnExists(String table, String column) {
        boolean found = snapshot.table(table).map(t -> t.hasColumn(column)).orElse(false);
        return catalog("column " + table + "." + column + " exists", found, found ? "present" : "missing");
    }

    public Expectations indexExists(String name) {
        boolean found = snapshot.indexes().stream().anyMatch(i -> i.name().equals(name));
        return catalog("index " + name + " exists", found, found ? "present" : "missing");
    }

    public Expectations functionExists(String name) {
        boolean found = snapshot.functions().stream().anyMatch(f -> f.name().equals(name) || (f.schema() + "." + f.name()).equals(name));
        return catalog("function " + name + " exists", found, found ? "present" : "missing");
    }

    public Expectations triggerExists(String table, String name) {
        boolean found = snapshot.triggers().stream().anyMatch(t -> t.name().equals(name) && (t.table().equals(table) || t.qualifiedTable().equals(table)));
        return catalog("trigger " + name + " on " + table + " exists", found, found ? "present" : "missing");
    }

    public Expectations viewExists(String name) {
        boolean found = snapshot.views().stream().anyMatch(v -> v.name().equals(name) || v.qualified().equals(name));
        return catalog("view " + name + " exists", found, found ? "present" : "missing");
    }

    public Expectations policyExists(String table, String name) {
        boolean found = snapshot.policies().stream().anyMatch(p -> p.name().equals(name) && (p.table().equals(table) || p.qualifiedTable().equals(table)));
        return catalog("policy " + name + " on " + table + " exists", found, found ? "present" : "missing");
    }

    /** {@code what}: tables, policies, foreign_keys, indexes, views, functions, triggers, rls_enabled_tables... */
    public Expectations count(String what, long exactly) {
        long n = counted(what);
        return catalog(what.replace('_', ' ') + " = " + exactly, n == exactly, n + " " + what.replace('_', ' '));
    }

    public Expectations atLeast(String what, long minimum) {
        long n = counted(what);
        return catalog(what.replace('_', ' ') + " >= " + minimum, n >= minimum, n + " " + what.replace('_', ' '));
    }

    /** Seed 003's per-migration checks: "Migration 013 creates positioning, campaigns...". */
    public Expectations migrationCreates(String version, String... tables) {
        List<String> missing = java.util.Arrays.stream(tables).filter(t -> snapshot.table(t).isEmpty()).toList();
        return catalog("migration " + version + " creates " + String.join(", ", tables), missing.isEmpty(),
                missing.isEmpty() ? tables.length + "/" + tables.length + " tables present" : "missing " + missing);
    }

    /**
     * SQLSTATEs of a statement that is broken rather than refused: syntax error, undefined table,
     * column, function, object or schema, ambiguous names, an aborted transaction (and class 08,
     * connection). They count as the expected failure only when that SQLSTATE is what is expected.
     */
    private static final java.util.Set<String> BROKEN = java.util.Set.of("42601", "42P01", "42703", "42883", "42704", "42702",
            "42725", "42P02", "42P18", "3F000", "25P02", "42602", "42622", "42939");

    /** The statement must fail; {@code expected} is a SQLSTATE (5 characters) or a piece of the message; a broken statement (see BROKEN) matches only its SQLSTATE. */
    public Expectations mustFail(String label, String sql, String expected) {
        return database(label, c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                return new ExpectationResult(label, false, "succeeded, but it must fail with " + expected);
            } catch (SQLException e) {
                if (expected.matches("[0-9A-Z]{5}")) {
                    return new ExpectationResult(label, expected.equals(e.getSQLState()), "failed: " + Sql.firstLine(e));
                }
                if (BROKEN.contains(String.valueOf(e.getSQLState())) || String.valueOf(e.getSQLState()).startsWith("08")) {
                    // A typo fails too, and its message may well hold the fragment: it never reached the rule under test.
                    return new ExpectationResult(label, false, "failed with " + e.getSQLState() + ", so the statement itself is broken "
                            + "and never reached the rule it tests (give that SQLSTATE to expect exactly this): " + Sql.firstLine(e));
                }
                boolean match = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT));
                return new ExpectationResult(label, match, "failed: " + Sql.firstLine(e));
            }
        });
    }

    public Expectations mustSucceed(String label, String sql) {
        return database(label, c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                return new ExpectationResult(label, true, "succeeded");
            } catch (SQLException e) {
                return new ExpectationResult(label, false, "failed: " + Sql.firstLine(e));
            }
        });
    }

    public Expectations returnsNoRows(String label, String sql) {
        return rows(label, sql, n -> n == 0, "no rows");
    }

    public Expectations returnsRows(String label, String sql, long expected) {
        return rows(label, sql, n -> n == expected, expected + " row(s)");
    }

    /** A function (or any statement) that must run without error: {@code SELECT get_active_insights()}. */
    public Expectations callable(String label, String sql) {
        return mustSucceed(label, sql);
    }

    /**
     * The trigger fired: {@code evidence} (a query) returns more rows after {@code action} than
     * before it. Rows the evidence finds already, from earlier changes, prove nothing.
     */
    public Expectations triggerFires(String label, String action, String evidence) {
        return database(label, c -> {
            String counted = "SELECT count(*) FROM (" + evidence.strip().replaceAll(";+$", "") + ") evidence";
            try (Statement st = c.createStatement()) {
                long before = count(st, counted);
                st.execute(action);
                long after = count(st, counted);
                boolean fired = after > before;
                return new ExpectationResult(label, fired, (fired ? "fired: " : "did not fire: ") + "the evidence query returned "
                        + before + " row(s) before the action and " + after + " after");
            } catch (SQLException e) {
                return new ExpectationResult(label, false, "failed: " + Sql.firstLine(e));
            }
        });
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Expectations rows(String label, String sql, Predicate<Long> ok, String wanted) {
        return database(label, c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                long n = 0;
                List<String> sample = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    n++;
                    if (sample.size() < 3) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= columns; i++) {
                            row.add(rs.getString(i));
                        }
                        sample.add(row.toString());
                    }
                }
                return new ExpectationResult(label, ok.test(n), n + " row(s)" + (ok.test(n) ? "" : ", wanted " + wanted
                        + (sample.isEmpty() ? "" : "; first: " + String.join(" ", sample))));
            } catch (SQLException e) {
                return new ExpectationResult(label, false, "failed: " + Sql.firstLine(e));
            }
        });
    }

    private Expectations database(String label, Check check) {
        labels.add(label);
        checks.add(check);
        return this;
    }

    private long counted(String what) {
        Long n = snapshot.counts().get(what);
        if (n == null) {
            throw new IllegalArgumentException("unknown count '" + what + "'; known: " + snapshot.counts().keySet());
        }
        return n;
    }

    /** Runs them all in one transaction that is rolled back; each database check in its own savepoint. */
    public List<ExpectationResult> run(Connection c) throws SQLException {
        List<ExpectationResult> out = new ArrayList<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (Check check : checks) {
                Savepoint sp = c.setSavepoint();
                try {
                    out.add(check.run(c));
                } finally {
                    c.rollback(sp);
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
        return out;
    }

    public static List<Finding> findings(List<ExpectationResult> results) {
        return results.stream().filter(r -> !r.passed()).map(r -> Finding.of(VerificationCode.EXPECTATION_FAILED, Severity.ERROR, r.label(),
                "expected: " + r.label() + "; observed: " + r.observed())).toList();
    }

    public int size() {
        return checks.size();
    }
}
