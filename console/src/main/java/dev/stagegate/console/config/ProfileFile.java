package dev.stagegate.console.config;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Environment;
import dev.stagegate.core.target.Profile;
import groovy.util.ConfigObject;
import groovy.util.ConfigSlurper;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment profiles file, in Groovy's ConfigSlurper syntax:
 *
 * <pre>
 * target { user = 'stagegate' }                 // defaults shared by every profile
 * environments {
 *     staging {
 *         target { host = 'staging-db.internal'; database = 'c2pro_staging'; passwordEnv = 'STAGING_PGPASSWORD' }
 *     }
 *     'local-staging' { target { url = 'jdbc:postgresql://localhost:5434/postgres' } }
 * }
 * </pre>
 *
 * Found at {@code --config FILE}, else {@code $STAGEGATE_CONFIG}, else {@code ./stagegate-config.groovy},
 * else {@code ~/.config/stagegate/config.groovy}. Having none is fine: {@code embedded}, URLs and
 * libpq variables still work.
 */
public final class ProfileFile {

    public static final String LOCAL_NAME = "stagegate-config.groovy";

    private final Path path;
    private final Map<String, Profile> profiles;

    private final boolean localIgnored;

    private ProfileFile(Path path, Map<String, Profile> profiles) {
        this(path, profiles, false);
    }

    private ProfileFile(Path path, Map<String, Profile> profiles, boolean localIgnored) {
        this.path = path;
        this.profiles = profiles;
        this.localIgnored = localIgnored;
    }

    /** Finds and parses the profiles file; an explicit path that does not exist is an error. */
    public static ProfileFile locate(Path explicit, Environment env) {
        return locate(explicit, env, Path.of(""));
    }

    /** @param workingDir where a {@code stagegate-config.groovy} would be found, and left unread */
    static ProfileFile locate(Path explicit, Environment env, Path workingDir) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit) && !Files.isDirectory(explicit)) {
                throw new StagegateException(ErrorCode.CONFIG_MISSING, "config file " + explicit
                        + " does not exist; pass an existing file to --config or leave it out");
            }
            return parse(explicit);
        }
        // A stagegate-config.groovy in the working directory is Groovy code that came with whatever was
        // checked out there: it is never evaluated unless named (--config or $STAGEGATE_CONFIG).
        Optional<Path> found = Optional.ofNullable(env.get("STAGEGATE_CONFIG")).map(Path::of)
                .or(() -> Optional.of(env.home().resolve(".config/stagegate/config.groovy")).filter(Files::isRegularFile));
        boolean localIgnored = Files.isRegularFile(workingDir.resolve(LOCAL_NAME));
        return found.map(ProfileFile::parse).orElseGet(() -> new ProfileFile(null, Map.of(), localIgnored));
    }

    public static ProfileFile parse(Path file) {
        String text;
        if (Files.isDirectory(file)) {
            throw new StagegateException(ErrorCode.CONFIG_MISSING, "config file " + file + " is a folder; name the file itself");
        }
        try {
            text = Files.readString(file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new StagegateException(ErrorCode.CONFIG_SYNTAX, "config file " + file + " is not UTF-8 text; a profiles file is "
                    + "Groovy ConfigSlurper text", e);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.CONFIG_MISSING, "cannot read config file " + file + " ("
                    + e.getClass().getSimpleName() + "); check the path and its permissions", e);
        }
        ConfigObject root;
        try {
            ConfigSlurper slurper = new ConfigSlurper();
            // Read `environments` as a plain block so every profile name can be listed and checked.
            slurper.registerConditionalBlock("environments", null);
            root = slurper.parse(ProfileSandbox.compile(text, "StagegateProfiles"));
        } catch (MultipleCompilationErrorsException e) {
            if (e.getErrorCollector().getErrorCount() > 0
                    && e.getErrorCollector().getError(0) instanceof org.codehaus.groovy.control.messages.ExceptionMessage em
                    && em.getCause() instanceof SecurityException) {
                // The refused expression itself is never quoted: it is often the password.
                throw new StagegateException(ErrorCode.CONFIG_SYNTAX, "config file " + file + " does more than set values ("
                        + refusedKind(em.getCause().getMessage()) + "); a profiles file is data: blocks and `key = 'value'` only, "
                        + "and a password comes from passwordEnv = 'VARIABLE', PGPASSWORD or ~/.pgpass");
            }
            throw syntaxError(file, e);
        } catch (RuntimeException e) {
            throw new StagegateException(ErrorCode.CONFIG_SYNTAX, "config file " + file + " cannot be evaluated: "
                    + firstLine(e.getMessage()) + "; fix the file (it is Groovy ConfigSlurper syntax)", e);
        }
        Map<String, String> defaults = flatten(root.get("target"));
        Map<String, Profile> profiles = new LinkedHashMap<>();
        Object envs = root.get("environments");
        if (envs instanceof ConfigObject envBlock) {
            for (Object name : envBlock.keySet()) {
                Object block = envBlock.get(name);
                Object target = block instanceof ConfigObject co ? co.get("target") : null;
                if (!(target instanceof ConfigObject)) {
                    throw new StagegateException(ErrorCode.PROFILE_INVALID, "environment '" + name + "' in " + file
                            + " has no target { ... } block; add one with url or host/database");
                }
                Map<String, String> settings = new LinkedHashMap<>(defaults);
                settings.putAll(flatten(target));
                profiles.put(name.toString(), new Profile(name.toString(), settings));
            }
        }
        return new ProfileFile(file, profiles);
    }

    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    public Map<String, Profile> profiles() {
        return profiles;
    }

    /** How errors name where profiles come from. */
    public String describe() {
        if (path == null && localIgnored) {
            return "no config file; ./" + LOCAL_NAME + " is here but was not run, because a config file is code: name it with "
                    + "--config ./" + LOCAL_NAME + " or STAGEGATE_CONFIG";
        }
        return path == null ? "no config file (looked for --config, $STAGEGATE_CONFIG, ~/.config/stagegate/config.groovy)"
                : path.toString();
    }

    /** "a method call", "an annotation": what kind of thing was refused, without the source text. */
    private static String refusedKind(String message) {
        if (message == null) {
            return "code";
        }
        if (message.contains("annotations")) {
            return "an annotation";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\w+?)(Expression|Statement)\\]").matcher(message);
        if (m.find()) {
            return "a " + m.group(1).replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + " "
                    + m.group(2).toLowerCase(java.util.Locale.ROOT);
        }
        return message.contains("Constructor") ? "a constructor call" : message.contains("import") ? "an import" : "code";
    }

    private static Map<String, String> flatten(Object block) {
        Map<String, String> out = new LinkedHashMap<>();
        if (block instanceof ConfigObject co) {
            for (Object o : co.flatten().entrySet()) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
                Object v = e.getValue();
                // null would become the string "null" (and log in as a role whose password is "null")
                if (v == null) {
                    throw new StagegateException(ErrorCode.PROFILE_INVALID, "setting '" + e.getKey() + "' has no value (null); "
                            + "give a value or leave the setting out");
                }
                if (v instanceof java.util.Collection<?> || v instanceof java.util.Map<?, ?> || v.getClass().isArray()) {
                    throw new StagegateException(ErrorCode.PROFILE_INVALID, "setting '" + e.getKey() + "' must be a single value, "
                            + "not a list or a map");
                }
                out.put(e.getKey().toString(), String.valueOf(v));
            }
        }
        return out;
    }

    private static StagegateException syntaxError(Path file, MultipleCompilationErrorsException e) {
        var collector = e.getErrorCollector();
        if (collector.getErrorCount() > 0 && collector.getError(0) instanceof SyntaxErrorMessage sem) {
            var cause = sem.getCause();
            return new StagegateException(ErrorCode.CONFIG_SYNTAX, "config file " + file + " line " + cause.getLine()
                    + ", column " + cause.getStartColumn() + ": " + firstLine(cause.getOriginalMessage())
                    + "; fix the file (it is Groovy ConfigSlurper syntax)");
        }
        // No cause: Groovy's message quotes the source line, which may hold a password (--debug prints causes).
        return new StagegateException(ErrorCode.CONFIG_SYNTAX, "config file " + file + " does not compile; fix the file (it is "
                + "Groovy ConfigSlurper syntax)");
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim();
    }
}
