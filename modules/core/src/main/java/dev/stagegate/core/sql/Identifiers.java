package dev.stagegate.core.sql;

/** SQL identifiers quoted for PostgreSQL, wherever stagegate builds a statement from a catalog name. */
public final class Identifiers {

    private Identifiers() {
    }

    /** {@code "name"}, inner quotes doubled: safe for any name, upper case, spaces and quotes included. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** A string literal for SQL text: quotes doubled; with a backslash, an E'' literal, read the same whatever standard_conforming_strings says. */
    public static String literal(String value) {
        String quoted = value.replace("'", "''");
        return value.indexOf('\\') < 0 ? "'" + quoted + "'" : "E'" + quoted.replace("\\", "\\\\") + "'";
    }
}
