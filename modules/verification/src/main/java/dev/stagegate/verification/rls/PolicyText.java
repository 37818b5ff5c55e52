package dev.stagegate.verification.rls;

import java.util.Locale;
import java.util.regex.Pattern;

/** Reading policy expressions: is it always true, does it pin the tenant. */
final class PolicyText {

    private static final Pattern ALWAYS_TRUE = Pattern.compile("^\\(*\\s*(true|1\\s*=\\s*1)\\s*\\)*$");
    private static final Pattern OR_TRUE = Pattern.compile("\\bor\\s+\\(*\\s*(true|1\\s*=\\s*1)\\b|\\b(true|1\\s*=\\s*1)\\s*\\)*\\s+or\\b");

    private PolicyText() {
    }

    /** {@code true}, {@code (1 = 1)}, or anything with a stray {@code OR true}. */
    static boolean alwaysTrue(String expression) {
        if (expression == null) {
            return false;
        }
        String e = expression.toLowerCase(Locale.ROOT).trim();
        return ALWAYS_TRUE.matcher(e).matches() || OR_TRUE.matcher(e).find();
    }

    /** Compares the tenant column with the tenant setting, and is not opened up by an OR true. */
    static boolean pinsTenant(String expression, String column, String setting) {
        if (expression == null || alwaysTrue(expression)) {
            return false;
        }
        String e = expression.toLowerCase(Locale.ROOT);
        return e.matches("(?s).*\\b" + Pattern.quote(column.toLowerCase(Locale.ROOT)) + "\\b.*")
                && e.contains("current_setting('" + setting.toLowerCase(Locale.ROOT) + "'");
    }
}
