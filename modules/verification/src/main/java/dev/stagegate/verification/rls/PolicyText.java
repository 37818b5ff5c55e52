package dev.stagegate.verification.rls;

import java.util.List;
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
        return alwaysTrueAt(expression.toLowerCase(Locale.ROOT).trim(), 0);
    }

    /** Judged on the expression's top level: {@code a OR true} is true, {@code a AND (b OR true)} is a. */
    private static boolean alwaysTrueAt(String e, int depth) {
        e = stripOuter(e);
        if (ALWAYS_TRUE.matcher(e).matches()) {
            return true;
        }
        if (depth > 20) {
            return OR_TRUE.matcher(e).find();
        }
        List<String> ors = splitTop(e, "or");
        if (ors.size() > 1) {
            return ors.stream().anyMatch(b -> alwaysTrueAt(b, depth + 1));
        }
        List<String> ands = splitTop(e, "and");
        if (ands.size() > 1) {
            return ands.stream().allMatch(b -> alwaysTrueAt(b, depth + 1));
        }
        return false;
    }

    static String stripOuterParens(String e) {
        return stripOuter(e);
    }

    private static String stripOuter(String e) {
        String t = e.trim();
        while (t.startsWith("(") && t.endsWith(")") && closes(t)) {
            t = t.substring(1, t.length() - 1).trim();
        }
        return t;
    }

    /** The first parenthesis closes at the very end. */
    private static boolean closes(String t) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')' && --depth == 0 && i < t.length() - 1) {
                return false;
            }
        }
        return true;
    }

    /** Splits at {@code word} (or, and) outside parentheses and string literals. */
    static List<String> splitTop(String e, String word) {
        List<String> parts = new java.util.ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < e.length(); i++) {
            char ch = e.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')') {
                depth--;
            } else if (!quoted && depth == 0 && e.startsWith(word, i) && i > 0 && Character.isWhitespace(e.charAt(i - 1))
                    && i + word.length() < e.length() && Character.isWhitespace(e.charAt(i + word.length()))) {
                parts.add(e.substring(start, i).trim());
                start = i + word.length();
            }
        }
        parts.add(e.substring(start).trim());
        return parts;
    }

    private static final Pattern CALL_OR_SUBQUERY = Pattern.compile("(?i)\\bselect\\b|\\b(?!(?:current_setting|coalesce|nullif|lower|upper|in|any|all|and|or|not|array|row)\\b)[a-z_][\\w.]*\\s*\\(");

    /** Calls a function (other than current_setting and simple casts) or reads a table: its text alone cannot be judged. */
    static boolean opaque(String expression) {
        return expression != null && CALL_OR_SUBQUERY.matcher(expression.replaceAll("::\\s*\\w+(\\s*\\(\\d+\\))?", "")).find();
    }
}
