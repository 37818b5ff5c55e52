package dev.stagegate.migration.source;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.MigrationCode;
import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a migration file must be for stagegate's promise ("one file, one transaction: it applies
 * whole or not at all") to hold, checked before anything runs: readable UTF-8 text, no
 * transaction control in the middle (a COMMIT there leaves half a file applied when a later
 * statement fails), a statement that cannot run in a transaction (VACUUM, CONCURRENTLY) alone in
 * its file, no psql meta-commands ({@code \i}, {@code \set}), no {@code COPY ... FROM STDIN}.
 */
public final class MigrationShape {

    private static final Pattern BEGINS = Pattern.compile("^(BEGIN|START TRANSACTION)\\b.*", Pattern.DOTALL);
    private static final Pattern ENDS = Pattern.compile("^(COMMIT|END)\\b.*", Pattern.DOTALL);
    private static final Pattern CONTROL = Pattern.compile("^(BEGIN|START TRANSACTION|COMMIT|END|ABORT|ROLLBACK(?!\\s+TO\\b)"
            + "|PREPARE TRANSACTION|COMMIT PREPARED|ROLLBACK PREPARED)\\b.*", Pattern.DOTALL);
    private static final Pattern PSQL_META = Pattern.compile("(?m)^\\s*\\\\[a-zA-Z!?]");
    private static final Pattern SESSION_ROLE = Pattern.compile("^(SET\\s+(SESSION\\s+)?(ROLE|SESSION AUTHORIZATION)|RESET\\s+(ROLE|SESSION AUTHORIZATION|ALL))\\b.*",
            Pattern.DOTALL);
    private static final Pattern COPY_STDIN = Pattern.compile("^COPY\\b.*\\bFROM\\s+STDIN\\b.*", Pattern.DOTALL);

    private MigrationShape() {
    }

    /** The file's text, or a usage error naming it (unreadable, not UTF-8): never read as empty. */
    public static String read(Path file) {
        try {
            return withoutBom(Files.readString(file));
        } catch (MalformedInputException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file.getFileName() + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "); fix its permissions");
        }
    }

    /** A byte-order mark is not SQL: validate and migrate must read the same text. */
    public static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Problems of one file's statements, as ERROR findings on the file (line numbers in the message). */
    public static List<Finding> check(String fileName, String script) {
        List<Finding> out = new ArrayList<>();
        if (script.indexOf('\u0000') >= 0) {
            out.add(Finding.of(MigrationCode.MIGRATION_PSQL_ONLY, Severity.ERROR, fileName, fileName + " holds a NUL byte, which no "
                    + "PostgreSQL statement can contain; the file is damaged or not text"));
            return out;
        }
        List<SqlStatement> all = SqlScript.split(script);
        List<SqlStatement> statements = all.stream().filter(s -> !s.code().isBlank()).toList();
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement s = statements.get(i);
            String code = s.code().strip();
            boolean wrapper = (i == 0 && BEGINS.matcher(code).matches())
                    || (i == statements.size() - 1 && ENDS.matcher(code).matches() && BEGINS.matcher(statements.get(0).code().strip()).matches());
            if (CONTROL.matcher(code).matches() && !wrapper) {
                out.add(Finding.of(MigrationCode.MIGRATION_TRANSACTION_CONTROL, Severity.ERROR, fileName, fileName + " line "
                        + s.startLine() + " controls the transaction itself (" + firstWords(code) + "): a failure after it would "
                        + "leave part of the file applied; remove it (stagegate runs each file in one transaction) or split the file"));
            }
            if (ChangelogWriter.nonTransactional(code) && statements.size() > 1) {
                out.add(Finding.of(MigrationCode.MIGRATION_NON_TRANSACTIONAL_MIXED, Severity.ERROR, fileName, fileName + " line "
                        + s.startLine() + ": " + firstWords(code) + " cannot run inside a transaction, and the file has "
                        + (statements.size() - 1) + " other statement(s); put it in a file of its own"));
            }
            if (SESSION_ROLE.matcher(code).matches()) {
                out.add(Finding.of(MigrationCode.MIGRATION_TRANSACTION_CONTROL, Severity.ERROR, fileName, fileName + " line "
                        + s.startLine() + " changes the session's role (" + firstWords(code) + "): the history row written after the "
                        + "file would be written as that role, or fail after the file committed; use SET LOCAL ROLE, or none"));
            }
            if (COPY_STDIN.matcher(code).matches()) {
                out.add(Finding.of(MigrationCode.MIGRATION_PSQL_ONLY, Severity.ERROR, fileName, fileName + " line " + s.startLine()
                        + ": COPY ... FROM STDIN needs psql to feed the data; use INSERT ... VALUES or a data migration"));
            }
        }
        for (SqlStatement s : all) {
            var m = PSQL_META.matcher(s.code());
            if (m.find()) {
                int line = s.startLine() + (int) s.code().substring(0, m.start()).chars().filter(c -> c == '\n').count();
                out.add(Finding.of(MigrationCode.MIGRATION_PSQL_ONLY, Severity.ERROR, fileName, fileName + " line " + line
                        + " is a psql meta-command (" + s.code().substring(m.start()).strip().split("\\s")[0].toLowerCase(java.util.Locale.ROOT)
                        + "), which the server does not understand; write it as SQL"));
            }
        }
        return out;
    }

    /** A rollback file that holds no statement would "roll back" nothing and report success. */
    public static List<Finding> checkRollback(String fileName, String script) {
        List<Finding> out = new ArrayList<>(check(fileName, script));
        if (SqlScript.split(script).stream().allMatch(s -> s.code().isBlank())) {
            out.add(Finding.of(MigrationCode.ROLLBACK_MISSING, Severity.ERROR, fileName, fileName + " is empty: it would undo nothing "
                    + "while the rollback reported success; write the statements that undo the migration"));
        }
        return out;
    }

    /**
     * What migration {@code m} runs forward ({@code rollback} false) or backward, as {@link MigrationText} reads it,
     * or a usage error naming the file (unreadable, not UTF-8): never read as empty.
     */
    public static String text(Migration m, boolean rollback) {
        Path file = rollback ? m.rollbackFile() : m.file();
        if (file == null) {
            return "";
        }
        read(file);
        try {
            return rollback ? MigrationText.rollback(m) : MigrationText.forward(m);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "); fix its permissions");
        }
    }

    /**
     * Refuses, before anything runs, migrations whose shape breaks the one-transaction promise (exit 2, naming each).
     *
     * @param rollbacks check their rollbacks (those that have one; an empty one is refused too), not their forward text
     */
    public static void requireRunnable(List<Migration> migrations, boolean rollbacks) {
        List<String> problems = new ArrayList<>();
        for (Migration m : migrations) {
            if (rollbacks && m.rollbackFile() == null) {
                continue;
            }
            String name = rollbacks ? m.rollbackName() : m.fileName();
            (rollbacks ? checkRollback(name, text(m, true)) : check(name, text(m, false))).forEach(x -> problems.add(x.message()));
            if (!rollbacks && m.verify().isPresent()) {
                String verify = m.verifyName();
                try {
                    check(verify, MigrationText.verify(m)).forEach(x -> problems.add(x.message()));
                } catch (IOException e) {
                    problems.add("cannot read " + m.verify().get() + " (" + e.getClass().getSimpleName() + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, String.join("; ", problems) + "; nothing was changed");
        }
    }

    private static String firstWords(String code) {
        String[] w = code.split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(w, Math.min(w.length, 3))).trim();
    }
}
