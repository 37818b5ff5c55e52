package dev.stagegate.benchmark.suite;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query suite as performance engineers keep them (the yesql/sqlc convention): queries separated by
 * {@code -- name: <id>} headers, bind parameters picked from the data by SQL ({@code -- param: tenant =
 * SELECT id FROM tenants ORDER BY id LIMIT 1}) and used as {@code :tenant}, an optional limit
 * ({@code -- max: 10ms}) and one {@code -- control} query. Anything that would make a benchmark mean
 * something else than it says is refused with the file and line: text before the first header, a
 * duplicate or malformed id, an undeclared or unused parameter, two statements under one header.
 *
 * <p>Before the first query, {@code -- role: app_user} runs every query as that role ({@code SET ROLE}), as the
 * application does under row-level security, and {@code -- setting: app.tenant_id = SELECT id::text FROM tenants
 * ORDER BY id LIMIT 1} sets a session setting (the value picked from the data, as a parameter's) that policies read
 * ({@code current_setting('app.tenant_id')}; Supabase's {@code request.jwt.claims}). Both are taken in every session
 * that runs a query: the forks', the plans', and the check of who skips row-level security.
 *
 * @param params   parameter name to the SQL that picks its value
 * @param role     the role the queries run as, or null (the login user)
 * @param settings session setting name to the SQL that picks its value
 */
public record QuerySuite(Path file, List<SuiteQuery> queries, Map<String, String> params, String role, Map<String, String> settings) {

    /** {@code -- name: x}, {@code -- param: ...}, {@code -- max: ...}, or a line that is only {@code -- control}: prose never matches. */
    private static final Pattern HEADER = Pattern.compile("^\\s*--\\s*(?:(name|param|max|role|setting)\\s*:\\s*(.*)|(control)\\s*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*|\"[^\"]+\"");
    private static final Pattern SETTING = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)*");
    private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern MAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)", Pattern.CASE_INSENSITIVE);

    public QuerySuite {
        queries = List.copyOf(queries);
        params = Map.copyOf(params);
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public QuerySuite(Path file, List<SuiteQuery> queries, Map<String, String> params) {
        this(file, queries, params, null, Map.of());
    }

    /** The suite without the queries named: those that cannot run on one arm are not timed. */
    public QuerySuite without(java.util.Set<String> ids) {
        return new QuerySuite(file, queries.stream().filter(q -> !ids.contains(q.id())).toList(), params, role, settings);
    }

    /** The key a setting's picked value has among the parameters' values ({@code @app.tenant_id}: no parameter is named so). */
    public static String settingKey(String name) {
        return "@" + name;
    }

    /** The control query, if the suite has one. */
    public java.util.Optional<SuiteQuery> control() {
        return queries.stream().filter(SuiteQuery::control).findFirst();
    }

    public static QuerySuite read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is not UTF-8 text; save the suite as UTF-8");
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "cannot read the query suite " + file + ": " + e.getMessage());
        }
        return parse(file, text);
    }

    public static QuerySuite parse(Path file, String text) {
        String where = file == null ? "the suite" : file.getFileName().toString();
        List<SuiteQuery> queries = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        String role = null;
        String[] lines = text.split("\n", -1);
        String id = null;
        int idLine = 0;
        Duration max = null;
        boolean control = false;
        StringBuilder body = new StringBuilder();
        int bodyLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replace("\r", "");
            Matcher h = HEADER.matcher(line);
            boolean inHeader = body.toString().isBlank();
            if (h.matches() && ("name".equalsIgnoreCase(h.group(1)) || inHeader)) {
                String kind = (h.group(1) != null ? h.group(1) : h.group(3)).toLowerCase(Locale.ROOT);
                String value = h.group(2) == null ? "" : h.group(2).strip();
                switch (kind) {
                    case "name" -> {
                        if (id != null) {
                            queries.add(query(where, id, idLine, body.toString(), bodyLine, max, control, params));
                        }
                        if (!ID.matcher(value).matches()) {
                            throw fail(where, i + 1, "'" + value + "' is no query id; use letters, digits and _ (-- name: projects_for_tenant)");
                        }
                        if (queries.stream().anyMatch(q -> q.id().equals(value))) {
                            throw fail(where, i + 1, "query " + value + " is named twice; each id names one query");
                        }
                        id = value;
                        idLine = i + 1;
                        max = null;
                        control = false;
                        body.setLength(0);
                    }
                    case "param" -> {
                        int eq = value.indexOf('=');
                        String name = eq < 0 ? "" : value.substring(0, eq).strip();
                        String sql = eq < 0 ? "" : value.substring(eq + 1).strip();
                        if (!ID.matcher(name).matches() || sql.isEmpty()) {
                            throw fail(where, i + 1, "a parameter is `-- param: name = SELECT ...` (the SQL picks its value from the data)");
                        }
                        if (params.containsKey(name) && !params.get(name).equals(sql)) {
                            throw fail(where, i + 1, "parameter " + name + " is declared twice with different SQL");
                        }
                        params.put(name, sql);
                    }
                    case "role", "setting" -> {
                        if (id != null) {
                            throw fail(where, i + 1, "-- " + kind + ": is the whole suite's; put it before the first `-- name:` header");
                        }
                        if (kind.equals("role")) {
                            if (!ROLE.matcher(value).matches() || role != null) {
                                throw fail(where, i + 1, role != null ? "a suite runs as one role; -- role: " + role + " is given already"
                                        : "-- role: takes a role name (-- role: app_user), not '" + value + "'");
                            }
                            role = value;
                        } else {
                            int eq = value.indexOf('=');
                            String name = eq < 0 ? "" : value.substring(0, eq).strip();
                            String sql = eq < 0 ? "" : value.substring(eq + 1).strip();
                            if (!SETTING.matcher(name).matches() || sql.isEmpty()) {
                                throw fail(where, i + 1, "a setting is `-- setting: app.tenant_id = SELECT ...` (the SQL picks its value from the data)");
                            }
                            if (settings.containsKey(name)) {
                                throw fail(where, i + 1, "setting " + name + " is given twice");
                            }
                            settings.put(name, sql);
                        }
                    }
                    case "max" -> {
                        requireQuery(where, id, i + 1, "-- max:");
                        Matcher m = MAX.matcher(value);
                        if (!m.matches()) {
                            throw fail(where, i + 1, "-- max: takes a time such as 10ms or 0.5s, not '" + value + "'");
                        }
                        double n = Double.parseDouble(m.group(1));
                        max = Duration.ofNanos(Math.round(n * (m.group(2).equalsIgnoreCase("s") ? 1e9 : 1e6)));
                    }
                    default -> {
                        requireQuery(where, id, i + 1, "-- control");
                        if (queries.stream().anyMatch(SuiteQuery::control)) {
                            throw fail(where, i + 1, "a suite has one control query; " + queries.stream().filter(SuiteQuery::control)
                                    .findFirst().get().id() + " is it already");
                        }
                        control = true;
                    }
                }
                continue;
            }
            if (h.matches()) {
                // a header under the SQL would silently not apply (a lost limit, a lost control): said instead
                throw fail(where, i + 1, "`" + line.strip() + "` comes after the SQL of " + id + "; put -- max:, -- control and -- param: "
                        + "lines between the `-- name:` header and the query");
            }
            if (id == null) {
                if (!line.isBlank() && !line.strip().startsWith("--")) {
                    throw fail(where, i + 1, "SQL before the first `-- name:` header belongs to no query; name it or remove it");
                }
                continue;
            }
            if (body.toString().isBlank()) {
                bodyLine = i + 1;
            }
            body.append(line).append('\n');
        }
        if (id != null) {
            queries.add(query(where, id, idLine, body.toString(), bodyLine, max, control, params));
        }
        if (queries.isEmpty()) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, where + " holds no query; start each with `-- name: <id>`");
        }
        if (queries.stream().allMatch(SuiteQuery::control)) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, where + " holds only its control query: a control judges the host, not the "
                    + "migration; add the queries to benchmark");
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (Placeholders.bind(p.getValue()).statements() > 1) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, where + ": parameter " + p.getKey() + " holds more than one statement; "
                        + "its SQL is one SELECT that picks the value");
            }
        }
        for (Map.Entry<String, String> p : settings.entrySet()) {
            if (Placeholders.bind(p.getValue()).statements() > 1) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, where + ": setting " + p.getKey() + " holds more than one statement; "
                        + "its SQL is one SELECT that picks the value");
            }
        }
        for (String p : params.keySet()) {
            if (queries.stream().noneMatch(q -> q.parameters().contains(p))) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, where + ": parameter " + p + " is declared but no query uses :" + p);
            }
        }
        return new QuerySuite(file, queries, params, role, settings);
    }

    private static SuiteQuery query(String where, String id, int idLine, String body, int bodyLine, Duration max, boolean control,
                                    Map<String, String> params) {
        String sql = body.strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty()) {
            throw fail(where, idLine, "query " + id + " has no SQL under its header");
        }
        Placeholders.Bound bound = Placeholders.bind(sql);
        if (bound.statements() > 1) {
            throw fail(where, bodyLine, "query " + id + " holds more than one statement; a benchmark times one query");
        }
        for (String p : bound.names()) {
            if (!params.containsKey(p)) {
                throw fail(where, bodyLine, "query " + id + " uses :" + p + ", which no `-- param: " + p + " = SELECT ...` declares "
                        + "(declare parameters before the queries that use them)");
            }
        }
        return new SuiteQuery(id, bound.sql(), bound.numbered(), bound.names(), max, control, idLine);
    }

    private static void requireQuery(String where, String id, int line, String header) {
        if (id == null) {
            throw fail(where, line, header + " belongs under a `-- name:` header");
        }
    }

    private static StagegateException fail(String where, int line, String message) {
        return new StagegateException(ErrorCode.INPUT_INVALID, where + " line " + line + ": " + message);
    }
}
