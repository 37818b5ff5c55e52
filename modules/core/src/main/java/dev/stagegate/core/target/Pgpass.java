package dev.stagegate.core.target;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * libpq's password file ({@code ~/.pgpass} or {@code PGPASSFILE}):
 * {@code hostname:port:database:username:password}, {@code *} matching anything, {@code \:} and
 * {@code \\} escaping. Like libpq, a file readable by group or others is ignored with a warning.
 */
public final class Pgpass {

    private record Entry(String host, String port, String database, String user, String password) {
        boolean matches(String h, int p, String d, String u) {
            return field(host, h) && field(port, Integer.toString(p)) && field(database, d) && field(user, u);
        }

        private static boolean field(String pattern, String value) {
            return pattern.equals("*") || pattern.equals(value);
        }
    }

    private final Path file;
    private final List<Entry> entries;
    private final String warning;

    private Pgpass(Path file, List<Entry> entries, String warning) {
        this.file = file;
        this.entries = entries;
        this.warning = warning;
    }

    public static Pgpass load(Environment env) {
        String explicit = env.get("PGPASSFILE");
        Path file = explicit != null ? Path.of(explicit) : env.home().resolve(".pgpass");
        if (!Files.isRegularFile(file)) {
            return new Pgpass(file, List.of(), null);
        }
        try {
            if (worldOrGroupReadable(file)) {
                return new Pgpass(file, List.of(), "password file " + file
                        + " has group or world access and is ignored, as libpq does; run chmod 0600 " + file);
            }
            List<Entry> parsed = new ArrayList<>();
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> fields = split(line);
                if (fields.size() != 5) {
                    // The line itself may hold a password: name its number, never its text.
                    throw new StagegateException(ErrorCode.INPUT_INVALID, "password file " + file + " line " + (i + 1)
                            + " is not hostname:port:database:username:password; fix or remove that line");
                }
                parsed.add(new Entry(fields.get(0), fields.get(1), fields.get(2), fields.get(3), fields.get(4)));
            }
            return new Pgpass(file, parsed, null);
        } catch (IOException e) {
            return new Pgpass(file, List.of(), "password file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); it is ignored");
        }
    }

    public Path file() {
        return file;
    }

    /** Why the file was ignored, if it was. */
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** The first matching entry's password, as libpq picks it. */
    public Optional<String> passwordFor(String host, int port, String database, String user) {
        return entries.stream().filter(e -> e.matches(host, port, database, user)).map(Entry::password).findFirst();
    }

    private static boolean worldOrGroupReadable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                    || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
