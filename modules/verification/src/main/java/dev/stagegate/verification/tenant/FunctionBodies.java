package dev.stagegate.verification.tenant;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source of the SQL and PL/pgSQL functions a policy may call ({@code auth.uid()},
 * {@code current_user_id()}, {@code my_account_ids()}), read in one query, so discovery can see
 * what a helper compares. Keyed by bare and qualified name, lower case; overloads are joined.
 */
public final class FunctionBodies {

    private static final Pattern CALL = Pattern.compile("(?i)\\b((?:\"?\\w+\"?\\.)?\"?\\w+\"?)\\s*\\(");
    private final Map<String, String> bodies;

    public FunctionBodies(Map<String, String> bodies) {
        this.bodies = Map.copyOf(bodies);
    }

    public static FunctionBodies none() {
        return new FunctionBodies(Map.of());
    }

    public static FunctionBodies read(Connection c) throws SQLException {
        Map<String, String> m = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT n.nspname, p.proname, p.prosrc FROM pg_proc p "
                + "JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang "
                + "WHERE l.lanname IN ('sql', 'plpgsql') AND n.nspname NOT IN ('pg_catalog', 'information_schema')")) {
            while (rs.next()) {
                String body = rs.getString(3) == null ? "" : rs.getString(3);
                String bare = rs.getString(2).toLowerCase(Locale.ROOT);
                m.merge(bare, body, (a, b) -> a + "\n" + b);
                m.merge(rs.getString(1).toLowerCase(Locale.ROOT) + "." + bare, body, (a, b) -> a + "\n" + b);
            }
        }
        return new FunctionBodies(m);
    }

    /** {@code expression} followed by the bodies of the functions it calls, three levels deep. */
    public String expand(String expression) {
        StringBuilder out = new StringBuilder(expression == null ? "" : expression);
        java.util.Set<String> seen = new java.util.HashSet<>();
        String frontier = out.toString();
        for (int depth = 0; depth < 3 && !frontier.isEmpty(); depth++) {
            StringBuilder next = new StringBuilder();
            for (String f : called(frontier)) {
                if (seen.add(f)) {
                    String body = bodies.get(f);
                    next.append('\n').append(body);
                }
            }
            out.append(next);
            frontier = next.toString();
        }
        return out.toString();
    }

    /** The helper functions (with a body here) that {@code text} calls, lower case, as written. */
    public java.util.List<String> called(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = CALL.matcher(text == null ? "" : text);
        while (m.find()) {
            String name = m.group(1).replace("\"", "").toLowerCase(Locale.ROOT);
            if (bodies.containsKey(name) && !out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
