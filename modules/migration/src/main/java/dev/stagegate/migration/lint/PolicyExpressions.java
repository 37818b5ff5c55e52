package dev.stagegate.migration.lint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code USING (...)} and {@code WITH CHECK (...)} expressions of a policy statement (upper-cased
 * code, strings blanked), and whether one lets every row through: {@code (TRUE)}, {@code ((TRUE))},
 * {@code 1 = 1}, or anything {@code OR TRUE} at its top level.
 */
final class PolicyExpressions {

    private static final Pattern CLAUSE = Pattern.compile("\\b(USING|WITH CHECK)\\s*\\(");
    private static final Pattern SAME_NUMBER = Pattern.compile("(\\d+)\\s*=\\s*\\1");

    private PolicyExpressions() {
    }

    static boolean anyAlwaysTrue(String code) {
        Matcher m = CLAUSE.matcher(code);
        while (m.find()) {
            int open = m.end() - 1;
            int close = matching(code, open);
            if (close > open && alwaysTrue(code.substring(open + 1, close))) {
                return true;
            }
        }
        return false;
    }

    static boolean alwaysTrue(String expression) {
        String e = stripParens(expression.strip());
        if (e.equals("TRUE") || SAME_NUMBER.matcher(e).matches()) {
            return true;
        }
        for (String part : topLevelOr(e)) {
            String p = stripParens(part.strip());
            if (p.equals("TRUE") || SAME_NUMBER.matcher(p).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String stripParens(String e) {
        String s = e;
        while (s.startsWith("(") && matching(s, 0) == s.length() - 1) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    private static java.util.List<String> topLevelOr(String e) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && e.startsWith(" OR ", i)) {
                parts.add(e.substring(start, i));
                start = i + 4;
            }
        }
        parts.add(e.substring(start));
        return parts;
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '(') {
                depth++;
            } else if (s.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
