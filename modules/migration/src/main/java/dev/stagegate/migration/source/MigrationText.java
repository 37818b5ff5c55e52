package dev.stagegate.migration.source;

import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL a migration runs forward, backward, and to verify itself, as every check reads it: for a plain file its
 * text; for dbmate's one file its {@code -- migrate:up} or {@code -- migrate:down} section; for Sqitch's scripts
 * without their own {@code BEGIN}/{@code COMMIT} (or verify's {@code ROLLBACK}). What is left out is blanked, not
 * cut, so every statement keeps the line it has in the file: a failure at "line 12" is the file's line 12.
 */
public final class MigrationText {

    /** dbmate's section markers: {@code -- migrate:up} (options such as {@code transaction:false} may follow). */
    static final Pattern MARKER = Pattern.compile("(?m)^--\\s*migrate:(up|down)\\b[^\\r\\n]*\\r?$");
    private static final Pattern OPENS = Pattern.compile("^(BEGIN|START TRANSACTION)\\b.*", Pattern.DOTALL);
    private static final Pattern CLOSES = Pattern.compile("^(COMMIT|END|ROLLBACK)\\b.*", Pattern.DOTALL);

    private MigrationText() {
    }

    /** What the migration runs forward. */
    public static String forward(Migration m) throws IOException {
        String text = read(m.file());
        if (m.parts() != null && m.parts().sections()) {
            text = section(text, "up");
        }
        return m.parts() != null && m.parts().unwrap() ? unwrap(text) : text;
    }

    /** What its rollback runs ({@code ""} when it has none). */
    public static String rollback(Migration m) throws IOException {
        if (m.rollbackFile() == null) {
            return "";
        }
        String text = read(m.rollbackFile());
        if (m.parts() != null && m.parts().sections()) {
            text = section(text, "down");
        }
        return m.parts() != null && m.parts().unwrap() ? unwrap(text) : text;
    }

    /** Its verify script without the transaction it opens and rolls back ({@code ""} when it has none). */
    public static String verify(Migration m) throws IOException {
        return m.verify().isEmpty() ? "" : unwrap(read(m.verify().get()));
    }

    /** The text of a file as UTF-8, without a byte-order mark. */
    static String read(Path file) throws IOException {
        return MigrationShape.withoutBom(Files.readString(file));
    }

    /** True when the text has a {@code -- migrate:up} marker (what makes a file dbmate's). */
    static boolean hasUp(String text) {
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            if (m.group(1).equals("up")) {
                return true;
            }
        }
        return false;
    }

    /** True when the text has a {@code -- migrate:down} section holding a statement. */
    static boolean hasDown(String text) {
        String down = section(text, "down");
        return SqlScript.split(down).stream().anyMatch(s -> !s.code().isBlank());
    }

    /**
     * The lines of section {@code which} ({@code up} or {@code down}), every other line blanked but the comments above
     * the first marker (a {@code lint-ignore-file} there is the whole file's). A section runs from its marker to the
     * next marker, as dbmate reads it; a file without the marker has an empty section.
     */
    static String section(String text, String which) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        boolean in = false;
        boolean header = true;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i]);
            if (m.matches()) {
                in = m.group(1).equals(which);
                header = false;
                // the marker itself is a comment, blanked like the other section's lines
            } else if (in || (header && lines[i].strip().startsWith("--"))) {
                out.append(lines[i]);
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * What dbmate would refuse or read otherwise in a file with sections, in words (empty when the file is as dbmate
     * reads it): SQL before the first marker, a down section before the up one, a section given twice, an up section
     * without a statement.
     */
    static List<String> sectionProblems(String text) {
        List<String> out = new java.util.ArrayList<>();
        Matcher m = MARKER.matcher(text);
        List<String> order = new java.util.ArrayList<>();
        int first = -1;
        while (m.find()) {
            order.add(m.group(1));
            first = first < 0 ? m.start() : first;
        }
        if (first > 0 && SqlScript.split(text.substring(0, first)).stream().anyMatch(s -> !s.code().isBlank())) {
            out.add("has SQL above its `-- migrate:up` line, which belongs to no section (dbmate refuses it)");
        }
        if (order.indexOf("up") > 0) {
            out.add("has its `-- migrate:down` section before `-- migrate:up` (dbmate refuses it)");
        }
        if (order.stream().filter("up"::equals).count() > 1 || order.stream().filter("down"::equals).count() > 1) {
            out.add("has a section marker twice; give each of `-- migrate:up` and `-- migrate:down` once");
        }
        if (order.contains("up") && SqlScript.split(section(text, "up")).stream().allMatch(s -> s.code().isBlank())) {
            out.add("has no statement in its `-- migrate:up` section: it would apply nothing");
        }
        return out;
    }

    /**
     * The text without a leading {@code BEGIN} and a trailing {@code COMMIT} (or {@code ROLLBACK}) statement: a
     * Sqitch script's own transaction, which inside stagegate's would commit the change part-way, before its verify ran.
     * Only the pair is dropped, and only when both are there; anything else is left for the shape check to judge.
     */
    static String unwrap(String text) {
        List<SqlStatement> statements = SqlScript.split(text).stream().filter(s -> !s.code().isBlank()).toList();
        if (statements.size() < 2 || !OPENS.matcher(statements.get(0).code().strip()).matches()
                || !CLOSES.matcher(statements.get(statements.size() - 1).code().strip()).matches()) {
            return text;
        }
        char[] c = text.toCharArray();
        blank(c, statements.get(0));
        blank(c, statements.get(statements.size() - 1));
        return new String(c);
    }

    /** Spaces over the statement and its semicolon, newlines kept. */
    private static void blank(char[] c, SqlStatement s) {
        int end = Math.min(c.length, s.rawEnd() + 1);
        for (int i = s.rawStart(); i < end; i++) {
            if (c[i] != '\n') {
                c[i] = ' ';
            }
        }
    }
}
