package dev.stagegate.console.cli;

import dev.stagegate.console.config.ProfileFile;
import dev.stagegate.core.target.Environment;
import dev.stagegate.core.target.Target;
import dev.stagegate.core.target.TargetResolver;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where to connect: shared by every subcommand that touches a database. */
final class TargetOptions {

    @Option(names = {"-e", "--env"}, paramLabel = "NAME",
            description = "Environment profile: embedded, or a name from the config file (staging, local-staging...).")
    String env;

    @Option(names = "--url", paramLabel = "URL",
            description = "jdbc:postgresql://HOST:PORT/DB or postgresql://USER@HOST:PORT/DB. Prefer PGPASSWORD or ~/.pgpass to a password in the URL.")
    String url;

    @Option(names = "--config", paramLabel = "FILE", description = "Profiles file (default: $STAGEGATE_CONFIG, ./stagegate-config.groovy, ~/.config/stagegate/config.groovy).")
    Path config;

    /** Resolves the target; {@code fallbackToEmbedded} when the command may default to it. */
    Target resolve(boolean fallbackToEmbedded) {
        Environment environment = Environment.system();
        ProfileFile profiles = ProfileFile.locate(config, environment);
        TargetResolver resolver = new TargetResolver(environment, profiles.profiles(), profiles.describe());
        boolean nothingGiven = (url == null || url.isBlank()) && (env == null || env.isBlank())
                && environment.get("PGHOST") == null && environment.get("PGDATABASE") == null
                && environment.get("PGPORT") == null;
        if (fallbackToEmbedded && nothingGiven) {
            return resolver.resolve(null, TargetResolver.EMBEDDED);
        }
        return resolver.resolve(url, env);
    }
}
