package dev.stagegate.console.cli;

import dev.stagegate.console.config.ProfileFile;
import dev.stagegate.console.gate.TargetSource;
import dev.stagegate.core.target.Environment;
import dev.stagegate.core.target.Target;
import dev.stagegate.core.target.TargetResolver;

/** The gate's targets from the command line's --url/--env/--config, profiles and libpq variables. */
final class CliTargets implements TargetSource {

    private final TargetOptions options;

    CliTargets(TargetOptions options) {
        this.options = options;
    }

    @Override
    public Target configured(boolean forExample) {
        return options.resolve(forExample);
    }

    @Override
    public Target named(String envOrUrl) {
        Environment env = Environment.system();
        ProfileFile profiles = ProfileFile.locate(options.config, env);
        TargetResolver resolver = new TargetResolver(env, profiles.profiles(), profiles.describe());
        boolean url = envOrUrl.startsWith("jdbc:") || envOrUrl.startsWith("postgres");
        return resolver.resolve(url ? envOrUrl : null, url ? null : envOrUrl);
    }
}
