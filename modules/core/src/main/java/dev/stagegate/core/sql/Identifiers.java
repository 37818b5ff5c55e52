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
}
