package dev.stagegate.core.example;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An example project shipped under {@code scripts/<name>/}: its migrations folder, a data
 * generator, and the tenant model its checks use ({@code example.properties}).
 */
public final class Example {

    private final String name;
    private final Path dir;
    private final Properties properties;

    private Example(String name, Path dir, Properties properties) {
        this.name = name;
        this.dir = dir;
        this.properties = properties;
    }

    /** Finds {@code scripts/<name>} under {@code -Dstagegate.home}, or in the working folder or its parents. */
    public static Example locate(String name) {
        for (Path root : roots()) {
            Path dir = root.resolve("scripts").resolve(name);
            if (Files.isRegularFile(dir.resolve("example.properties"))) {
                return load(name, dir);
            }
        }
        throw new StagegateException(ErrorCode.EXAMPLE_UNKNOWN, "no example named '" + name + "'; available: "
                + String.join(", ", available()) + " (examples live in scripts/<name>/ of the stagegate folder)");
    }

    /** Names of the examples found. */
    public static List<String> available() {
        TreeSet<String> names = new TreeSet<>();
        for (Path root : roots()) {
            Path scripts = root.resolve("scripts");
            if (Files.isDirectory(scripts)) {
                try (Stream<Path> s = Files.list(scripts)) {
                    s.filter(p -> Files.isRegularFile(p.resolve("example.properties")))
                            .forEach(p -> names.add(p.getFileName().toString()));
                } catch (IOException ignored) {
                    // unreadable folder: nothing to offer from it
                }
            }
        }
        return List.copyOf(names);
    }

    public static Example load(String name, Path dir) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("example.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.EXAMPLE_UNKNOWN, "cannot read " + dir.resolve("example.properties")
                    + ": " + e.getMessage(), e);
        }
        return new Example(name, dir, p);
    }

    private static List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("stagegate.home");
        if (home != null) {
            roots.add(Path.of(home));
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            roots.add(p);
            p = p.getParent();
        }
        return roots;
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public String property(String key) {
        return properties.getProperty(key);
    }

    public java.util.Set<String> propertyNames() {
        return properties.stringPropertyNames();
    }

    public Path migrationsDir() {
        return dir.resolve(properties.getProperty("migrations", "migrations"));
    }

    public Optional<Path> dataScript() {
        return Optional.ofNullable(properties.getProperty("data.script")).map(dir::resolve);
    }

    /** Version the data generator fits; migrations after it run on top of the data. */
    public String dataVersion() {
        return properties.getProperty("data.version");
    }
}
