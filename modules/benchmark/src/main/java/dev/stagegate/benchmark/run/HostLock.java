package dev.stagegate.benchmark.run;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One benchmark at a time on this host, for the whole run: JMH's own lock is held per fork only, so a
 * second run would start, copy databases, and fail minutes in; and two at once would measure each
 * other. Held, it also makes any {@code sg-bench*} folder an interrupted run left behind stale: they
 * hold connection files (a password, mode 0600), and are removed.
 */
public final class HostLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private HostLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static HostLock acquire() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path file = tmp.resolve("stagegate-bench.lock");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw busy(file);
            }
            sweep(tmp);
            return new HostLock(ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw busy(file);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot take the benchmark's lock " + file + ": " + e.getMessage());
        }
    }

    private static StagegateException busy(Path file) {
        return new StagegateException(ErrorCode.TARGET_BUSY, "another stagegate benchmark is running on this machine (it holds " + file
                + "): two at once would measure each other; run this one after it ends");
    }

    private static void sweep(Path tmp) throws IOException {
        try (var dirs = Files.newDirectoryStream(tmp, "sg-bench*")) {
            for (Path d : dirs) {
                if (Files.isDirectory(d) && Files.isWritable(d)) {
                    try (var files = Files.list(d)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(d);
                }
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // nothing held
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // released when the process ends in any case
        }
    }
}
