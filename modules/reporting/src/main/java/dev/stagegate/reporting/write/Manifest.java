package dev.stagegate.reporting.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code manifest-sha256.txt}: every file of the run folder with its SHA-256, in the format
 * {@code sha256sum} writes ({@code <hex>  <path>}), so {@code sha256sum -c manifest-sha256.txt} in the
 * folder proves the evidence package is what the run wrote. Written last; it does not list itself.
 */
public final class Manifest {

    public static final String FILE = "manifest-sha256.txt";

    private Manifest() {
    }

    public static String of(Path folder) {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> sorted = files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).filter(p -> !p.equals(folder.resolve(FILE)))
                    .sorted().toList();
            for (Path p : sorted) {
                b.append(sha256(p)).append("  ").append(folder.relativize(p).toString().replace('\\', '/')).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return b.toString();
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest d = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
