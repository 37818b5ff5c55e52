package dev.stagegate.verification.integrity;

import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.sql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which event timestamps lie in the future, judged the same whatever the JVM's or the session's
 * time zone (pgjdbc sets the session zone from the JVM's).
 *
 * <ul>
 * <li>{@code timestamptz} is an instant: later than {@code now()} plus 5 minutes of clock skew.</li>
 * <li>{@code timestamp} (without time zone) is a wall-clock reading in a zone the database does not
 *     know. It is only surely in the future when it is ahead of the wall clock of the most eastern
 *     zone (UTC+14): later than {@code (now() AT TIME ZONE 'UTC') + 14 hours} plus the skew. A value
 *     less than 14 hours ahead could be a correct local time somewhere, so it is not flagged.</li>
 * <li>{@code date}: later than today's date in UTC+14.</li>
 * </ul>
 * {@code now() AT TIME ZONE 'UTC'} does not depend on the session's zone, so neither do the rules.
 */
final class FutureTimestamps {

    static final String RULE = "timestamptz > now() + 5 min; timestamp > UTC wall clock + 14 h + 5 min; date > today in UTC+14";

    private static final String EAST_WALL_CLOCK = "((now() AT TIME ZONE 'UTC') + interval '14 hours')";

    private FutureTimestamps() {
    }

    /** One count query per event column of a date/time type: {object, SQL}. */
    static List<String[]> queries(SchemaSnapshot s, Set<String> eventColumns) {
        List<String[]> out = new ArrayList<>();
        for (Table t : s.tables()) {
            for (Column col : t.columns()) {
                String bound = bound(col.type());
                if (bound != null && eventColumns.contains(col.name())) {
                    out.add(new String[]{t.qualified() + "." + col.name(), "SELECT count(*) FROM " + Sql.table(t.schema(), t.name())
                            + " WHERE " + Sql.quote(col.name()) + " > " + bound});
                }
            }
        }
        return out;
    }

    /** The latest value that is not surely in the future, as SQL of the column's own type; null for other types. */
    static String bound(String type) {
        String base = type.replaceAll("\\(\\d+\\)", "");
        return switch (base) {
            case "timestamp with time zone" -> "now() + interval '5 minutes'";
            case "timestamp without time zone" -> "(" + EAST_WALL_CLOCK + " + interval '5 minutes')";
            case "date" -> EAST_WALL_CLOCK + "::date";
            default -> null;
        };
    }
}
