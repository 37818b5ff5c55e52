package dev.stagegate.migration.lint;

import java.util.Locale;

/**
 * How big a table is, as the pre-migration snapshot saw it.
 *
 * @param rows  exact or estimated rows; negative when unknown (never analyzed)
 * @param bytes total size with indexes and TOAST; negative when unknown
 */
public record TableSize(long rows, long bytes) {

    String describe() {
        String r = rows < 0 ? "unknown rows" : rows + " rows";
        return bytes < 0 ? r : r + ", " + human(bytes);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
