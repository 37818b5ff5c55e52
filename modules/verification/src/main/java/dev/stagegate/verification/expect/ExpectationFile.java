package dev.stagegate.verification.expect;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.snapshot.SchemaSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expectations written as lines, one check each, for examples and CI (the console's Groovy DSL
 * calls the same {@link Expectations} API):
 *
 * <pre>
 * table positioning campaigns            column clauses.clause_number       index idx_x
 * function unlock_achievement            trigger projects audit_projects    view v_x
 * policy projects tenant_isolation       count tables = 59                  count foreign_keys >= 82
 * migration 013 creates positioning message_architecture
 * must-fail 23514 [slug format]: INSERT INTO domains ...
 * must-fail "GOVERNANCE VIOLATION": INSERT INTO scopes ...
 * must-succeed [valid scope]: INSERT INTO scopes ...
 * no-rows [alerts without analysis]: SELECT ...          rows 3 [three plans]: SELECT ...
 * callable: SELECT get_active_insights()
 * trigger-fires [audit on update]: UPDATE projects SET ... ;; SELECT 1 FROM audit_logs WHERE ...
 * </pre>
 * Blank lines and lines starting with {@code #} are ignored.
 */
public final class ExpectationFile {

    private static final Pattern SQL_LINE = Pattern.compile("^([a-z-]+)((?:\\s+(?:\"[^\"]*\"|[^\\s\\[:]+))*)\\s*(?:\\[([^\\]]*)])?\\s*:\\s*(.+)$");

    private ExpectationFile() {
    }

    public static Expectations read(Path file, SchemaSnapshot snapshot) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "cannot read expectations " + file + ": " + e.getMessage(), e);
        }
        Expectations e = new Expectations(snapshot);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                add(e, line);
            } catch (RuntimeException ex) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, file.getFileName() + " line " + (i + 1) + ": " + ex.getMessage()
                        + "; see the format in docs/verification.md", ex);
            }
        }
        return e;
    }

    static void add(Expectations e, String line) {
        Matcher sql = SQL_LINE.matcher(line);
        String[] words = line.split("\\s+");
        switch (words[0]) {
            case "table" -> e.tableExists(java.util.Arrays.copyOfRange(words, 1, words.length));
            case "column" -> {
                String[] tc = words[1].split("\\.", 2);
                e.columnExists(tc[0], tc[1]);
            }
            case "index" -> e.indexExists(words[1]);
            case "function" -> e.functionExists(words[1]);
            case "trigger" -> e.triggerExists(words[1], words[2]);
            case "view" -> e.viewExists(words[1]);
            case "policy" -> e.policyExists(words[1], words[2]);
            case "count" -> {
                long n = Long.parseLong(words[3]);
                switch (words[2]) {
                    case "=" -> e.count(words[1], n);
                    case ">=" -> e.atLeast(words[1], n);
                    default -> throw new IllegalArgumentException("count needs = or >=, not " + words[2]);
                }
            }
            case "migration" -> {
                if (!"creates".equals(words[2])) {
                    throw new IllegalArgumentException("write: migration VERSION creates TABLE...");
                }
                e.migrationCreates(words[1], java.util.Arrays.copyOfRange(words, 3, words.length));
            }
            case "must-fail", "must-succeed", "no-rows", "rows", "callable", "trigger-fires" -> {
                if (!sql.matches()) {
                    throw new IllegalArgumentException(words[0] + " needs ': SQL' after it");
                }
                String args = sql.group(2).trim();
                String statement = sql.group(4).trim();
                String label = sql.group(3) != null ? sql.group(3) : statement;
                switch (words[0]) {
                    case "must-fail" -> e.mustFail(label, statement, args.replace("\"", ""));
                    case "must-succeed" -> e.mustSucceed(label, statement);
                    case "no-rows" -> e.returnsNoRows(label, statement);
                    case "rows" -> e.returnsRows(label, statement, Long.parseLong(args));
                    case "callable" -> e.callable(label, statement);
                    default -> {
                        String[] parts = statement.split(";;", 2);
                        if (parts.length != 2) {
                            throw new IllegalArgumentException("trigger-fires needs ACTION ;; EVIDENCE-QUERY");
                        }
                        e.triggerFires(label, parts[0].trim(), parts[1].trim());
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown check '" + words[0] + "'");
        }
    }
}
