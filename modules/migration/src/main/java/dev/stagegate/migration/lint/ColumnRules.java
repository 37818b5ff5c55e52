package dev.stagegate.migration.lint;

import dev.stagegate.migration.sql.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules about column types, for CREATE TABLE and ALTER TABLE ... ADD COLUMN alike. The statement is
 * cut into column definitions first (top-level commas), so a type word used as a column name
 * ({@code "timestamp" timestamptz}) is a name, not a type.
 */
final class ColumnRules {

    private static final Pattern TABLE_CONSTRAINT = Pattern.compile("^(CONSTRAINT|PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY|EXCLUDE|LIKE)\\b.*");
    private static final Pattern ADD_COLUMN = Pattern.compile("^ADD (?:COLUMN )?(?:IF NOT EXISTS )?(?!CONSTRAINT\\b|PRIMARY\\b|UNIQUE\\b|CHECK\\b"
            + "|FOREIGN\\b|EXCLUDE\\b)(\\S+) (.+)");
    private static final Pattern INT_KEY = Pattern.compile("^(INT|INTEGER|INT2|INT4|SMALLINT|SERIAL|SERIAL2|SERIAL4|SMALLSERIAL)\\b.*\\bPRIMARY KEY\\b.*");
    private static final Pattern SERIAL = Pattern.compile("^(SMALL|BIG)?SERIAL\\d?\\b.*");
    private static final Pattern TIMESTAMP = Pattern.compile("^TIMESTAMP\\b(?!\\s*(?:\\(\\d\\)\\s*)?WITH TIME ZONE).*");
    private static final Pattern CHAR = Pattern.compile("^(?:CHAR|CHARACTER|BPCHAR)\\b(?! VARYING)(?:\\s*\\((\\d+)\\))?(.*)");

    private ColumnRules() {
    }

    static void check(StatementRules rules, SqlStatement st, String code, boolean createTable) {
        for (String[] column : createTable ? createColumns(code) : addedColumns(code)) {
            String type = column[1];
            if (INT_KEY.matcher(type).matches()) {
                rules.add(st, LintRule.INT_PRIMARY_KEY, null, null);
            }
            if (SERIAL.matcher(type).matches()) {
                rules.add(st, LintRule.SERIAL_COLUMN, null, null);
            }
            if (TIMESTAMP.matcher(type).matches()) {
                rules.add(st, LintRule.TIMESTAMP_WITHOUT_TIME_ZONE, null, null);
            }
            Matcher c = CHAR.matcher(type);
            // char(1) with a CHECK is a one-letter code (a RACI role, a status): nothing pads, nothing to fix.
            if (c.matches() && !((c.group(1) == null || c.group(1).equals("1")) && c.group(2).contains("CHECK"))) {
                rules.add(st, LintRule.CHAR_COLUMN, null, null);
            }
        }
    }

    /** {name, type-and-the-rest} per column of {@code CREATE TABLE name (...)}. */
    private static List<String[]> createColumns(String code) {
        int open = code.indexOf('(');
        if (open < 0) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        for (String element : topLevel(code.substring(open + 1), ',')) {
            String e = element.strip();
            int space = e.indexOf(' ');
            if (space > 0 && !TABLE_CONSTRAINT.matcher(e).matches()) {
                out.add(new String[] {e.substring(0, space), e.substring(space + 1).strip()});
            }
        }
        return out;
    }

    /** {name, type-and-the-rest} per {@code ADD [COLUMN]} action of an ALTER TABLE. */
    private static List<String[]> addedColumns(String code) {
        List<String[]> out = new ArrayList<>();
        for (String action : topLevel(code, ',')) {
            String a = action.strip().replaceFirst("^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?\\S+ ", "");
            Matcher m = ADD_COLUMN.matcher(a);
            if (m.matches()) {
                out.add(new String[] {m.group(1), m.group(2).strip()});
            }
        }
        return out;
    }

    /** Splits on {@code separator} outside parentheses; stops at the parenthesis that closes the list. */
    private static List<String> topLevel(String s, char separator) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    out.add(s.substring(start, i));
                    return out;
                }
                depth--;
            } else if (c == separator && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }
}
