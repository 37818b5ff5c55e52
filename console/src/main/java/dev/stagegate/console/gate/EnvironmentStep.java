package dev.stagegate.console.gate;

import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.core.target.Target;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.migration.env.EnvironmentCheck;
import dev.stagegate.migration.env.MigrationNeeds;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate's {@code environment} word: {@link EnvironmentCheck} with the script's thresholds, the
 * migrations' needs, the disk as measured (embedded) or stated, and the profile's variables, masked.
 */
final class EnvironmentStep {

    private EnvironmentStep() {
    }

    static StepResult run(Connection c, ServerInfo info, Target target, MigrationSet migrations, Map<String, Object> options,
                          String statedDiskFree, PrintWriter out) {
        EnvironmentOptions o = EnvironmentOptions.from(options, statedDiskFree != null ? Optional.of(statedDiskFree) : target.diskFree());
        Optional<Path> dataDir = target.kind() == Target.Kind.EMBEDDED ? Optional.of(EmbeddedPostgresServer.shared().dataDirectory())
                : Optional.empty();
        StepResult r = EnvironmentCheck.builder().needs(migrations == null ? MigrationNeeds.none() : MigrationNeeds.fromSql(sqlTexts(migrations)))
                .dataDirectory(dataDir).statedDiskFreeBytes(o.diskFreeBytes())
                .profileVariables(target.profileSettings(), target.secrets()).thresholds(o.thresholds()).build().run(c, info);
        r.metrics().entrySet().stream().filter(e -> e.getKey().startsWith(EnvironmentCheck.MEASURED))
                .forEach(e -> out.println("[INFO] " + e.getKey().substring(EnvironmentCheck.MEASURED.length()) + ": " + e.getValue()));
        r.metrics().entrySet().stream().filter(e -> e.getKey().startsWith(EnvironmentCheck.PROFILE))
                .forEach(e -> out.println("[INFO] profile " + e.getKey().substring(EnvironmentCheck.PROFILE.length()) + " = " + e.getValue()));
        return r;
    }

    private static List<String> sqlTexts(MigrationSet set) {
        List<String> texts = new ArrayList<>();
        for (Migration m : set.migrations()) {
            try {
                texts.add(Files.readString(m.file()));
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // unreadable files are validate's finding; the environment check estimates from the rest
            }
        }
        return texts;
    }
}
