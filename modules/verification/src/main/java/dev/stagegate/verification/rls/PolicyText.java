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

    private static final Pattern CALL_OR_SUBQUERY = Pattern.compile("(?i)\\bselect\\b|\\b(?!(?:current_setting|coalesce|nullif|lower|upper|in|any|all|and|or|not|array|row)\\b)[a-z_][\\w.]*\\s*\\(");

    /** Calls a function (other than current_setting and simple casts) or reads a table: its text alone cannot be judged. */
    static boolean opaque(String expression) {
        return expression != null && CALL_OR_SUBQUERY.matcher(expression.replaceAll("::\\s*\\w+(\\s*\\(\\d+\\))?", "")).find();
    }
}
