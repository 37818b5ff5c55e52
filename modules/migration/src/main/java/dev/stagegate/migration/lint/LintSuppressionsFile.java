package dev.stagegate.migration.lint;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lint suppressions file: one {@code CODE:target = reason} a line, {@code #} comments and blank
 * lines ignored. Parsed by hand, not as Properties, which would split the key at the {@code :}.
 * A line without a reason is kept with an empty reason, so the linter reports it as an error
 * ({@code LINT_SUPPRESSION_WITHOUT_REASON}) instead of applying it; a line that is not of this
 * shape at all is a usage error naming the line.
 */
public final class LintSuppressionsFile {

    private static final Pattern LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*([^=\\s][^=]*?)\\s*(?:=\\s*(.*))?");

    private LintSuppressionsFile() {
    }

    public static List<LintSuppression> read(Path file) {
        try {
            return parse(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "cannot read the lint suppressions file " + file + ": " + e, e);
        }
    }

    public static List<LintSuppression> parse(String text, String name) {
        List<LintSuppression> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, name + " line " + (i + 1) + ": expected "
                        + "CODE:file-or-table = reason, e.g. FOREIGN_KEY_ADD:003_foreign_keys.sql = tables are empty when it runs");
            }
            String reason = m.group(3) == null ? "" : m.group(3).strip();
            out.add(new LintSuppression(m.group(1), m.group(2), reason, name + ":" + (i + 1)));
        }
        return out;
    }
}
