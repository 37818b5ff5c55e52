package dev.stagegate.verification.data;

import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.Constraint;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.sql.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A first value for a NOT NULL column the row factory has nothing else for: one listed by a CHECK
 * ({@code status IN (...)}), else a plain value of its type; enums and domains are looked up on the
 * server once per type. A CHECK this does not satisfy is retried by {@link CheckCandidates}.
 */
final class ColumnValues {

    // A column compared directly, not inside a function call: jsonb_typeof(extra) = 'object' says nothing about extra's value.
    private static final Pattern CHECK_LIST = Pattern.compile("(?<!\\w)(?<!\\w\\()\\(?\"?(\\w+)\"?\\)?(?:::[\\w ]+)?\\s*=\\s*ANY\\s*\\(\\(?ARRAY\\['((?:[^']|'')*)'");
    private static final Pattern CHECK_EQ = Pattern.compile("(?<!\\w)(?<!\\w\\()\\(?\"?(\\w+)\"?\\)?(?:::[\\w ]+)?\\s*=\\s*'((?:[^']|'')*)'");

    private final Connection connection;
    private final SchemaSnapshot snapshot;
    private final AtomicInteger counter = new AtomicInteger();
    /** typtype and base type of user-defined types, as the server says (domains, enums). */
    private final Map<String, String[]> types = new HashMap<>();

    ColumnValues(Connection connection, SchemaSnapshot snapshot) {
        this.connection = connection;
        this.snapshot = snapshot;
    }

    String valueFor(Table table, Column c) {
        for (Constraint k : snapshot.constraints()) {
            if (k.kind().equals("CHECK") && k.table().equals(table.name()) && k.schema().equals(table.schema())) {
                for (Pattern p : List.of(CHECK_LIST, CHECK_EQ)) {
                    Matcher m = p.matcher(k.definition());
                    if (m.find() && m.group(1).equals(c.name())) {
                        return Sql.literal(m.group(2).replace("''", "'")) + "::" + c.type();
                    }
                }
            }
        }
        return valueOfType(table, c, c.type());
    }

    /** A value of {@code type} for {@code c}; a domain gets a value of its base type, cast to the domain (its CHECK judged by the server). */
    private String valueOfType(Table table, Column c, String type) {
        int n = counter.incrementAndGet();
        String base = RowFactory.baseType(type);
        boolean key = table.primaryKey().contains(c.name());
        return switch (base) {
            case "uuid" -> "gen_random_uuid()";
            case "integer", "smallint", "bigint" -> key ? Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L))
                    : "0";
            case "numeric", "real", "double precision" -> "0";
            case "boolean" -> "false";
            case "date", "timestamp with time zone", "timestamp without time zone" -> "now()::" + type;
            case "time without time zone", "time with time zone" -> "'00:00:00'::" + type;
            case "interval" -> "'0'::" + type;
            case "money" -> "'0'::money";
            case "\"char\"" -> "'a'::\"char\"";
            case "bit", "bit varying" -> "(repeat('0', " + length(type, 1) + "))::" + type;
            case "xml" -> "'<probe/>'::xml";
            case "point" -> "'(0,0)'::point";
            case "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange" -> "'empty'::" + type;
            case "tsvector" -> "''::tsvector";
            case "macaddr" -> "'08:00:2b:01:02:03'::macaddr";
            case "json", "jsonb" -> "'{}'::" + type;
            case "bytea" -> "'\\x00'::bytea";
            case "inet", "cidr" -> "'127.0.0.1'::" + type;
            case "character", "character varying", "text", "citext", "name" -> Sql.literal(fit("sg-probe-" + n, type));
            default -> type.endsWith("[]") ? "'{}'::" + type : userType(table, c, type);
        };
    }

    private static int length(String type, int otherwise) {
        Matcher m = Pattern.compile("\\((\\d+)\\)").matcher(type);
        return m.find() ? Integer.parseInt(m.group(1)) : otherwise;
    }

    /** The type itself, or a domain's base type (asked of the server once). */
    String baseOf(String type) {
        String[] kind = kind(type);
        return "d".equals(kind[0]) && kind[1] != null ? kind[1] : type;
    }

    private String[] kind(String type) {
        return types.computeIfAbsent(type, t -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT typtype::text, format_type(typbasetype, typtypmod) FROM pg_type WHERE oid = ?::regtype")) {
                ps.setString(1, t);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new String[]{rs.getString(1), rs.getString(2)} : new String[]{"?", null};
                }
            } catch (SQLException e) {
                return new String[]{"?", null};
            }
        });
    }

    /** An enum's first label, or a domain's base-type value; asked of the server once per type. */
    private String userType(Table table, Column c, String type) {
        String[] kind = kind(type);
        if ("d".equals(kind[0]) && kind[1] != null) {
            return "(" + valueOfType(table, c, kind[1]) + ")::" + type;
        }
        return "(enum_range(NULL::" + type + "))[1]";
    }

    /** Respects varchar(n)/char(n) lengths. */
    private static String fit(String value, String type) {
        Matcher m = Pattern.compile("\\((\\d+)\\)").matcher(type);
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            return value.length() > n ? value.substring(value.length() - n) : value;
        }
        return value;
    }
}
