package dev.stagegate.migration.lint;

import java.util.Locale;

/**
 * Table names as written in SQL, made comparable: quotes removed, folded to lower case. Rules read
 * the upper-cased statement code, so a quoted mixed-case name has lost its case already; folding
 * both sides keeps lookups consistent (two tables differing only in case would be confused).
 */
final class Tables {

    private Tables() {
    }

    static String normal(String name) {
        return name.replace("\"", "").toLowerCase(Locale.ROOT);
    }

    static String bare(String name) {
        String n = normal(name);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(dot + 1);
    }
}
