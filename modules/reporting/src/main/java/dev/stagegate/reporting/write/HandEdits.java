package dev.stagegate.reporting.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Documents a person edited after stagegate wrote them (a go/no-go checklist with its boxes ticked
 * and the approver's name) are kept: before a document is written again, a file whose checksum is
 * not the one the run folder's manifest recorded for it is moved aside as {@code NAME.edited-TIME},
 * never overwritten. Nothing else is touched.
 */
public final class HandEdits {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path folder;
    private final Map<String, String> recorded;
    private final List<Path> kept = new ArrayList<>();

    private HandEdits(Path folder, Map<String, String> recorded) {
        this.folder = folder;
        this.recorded = recorded;
    }

    /** The checksums the folder's manifest recorded when the documents were last written (none: every file is the user's). */
    public static HandEdits of(Path folder) {
        Map<String, String> recorded = new HashMap<>();
        Path manifest = folder.resolve(Manifest.FILE);
        if (Files.isRegularFile(manifest)) {
            try {
                for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                    int gap = line.indexOf("  ");
                    if (gap == 64) {
                        recorded.put(line.substring(gap + 2), line.substring(0, gap));
                    }
                }
            } catch (IOException e) {
                // an unreadable manifest records nothing: every existing document is then kept aside
            }
        }
        return new HandEdits(folder, recorded);
    }

    /** Before {@code name} is written with {@code content}: moves an edited copy aside. */
    public void keep(String name, String content) {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            if (Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                return;
            }
        } catch (IOException e) {
            // not UTF-8 text: not what stagegate wrote, so it is kept below
        }
        try {
            String now = Manifest.sha256(file);
            if (now.equals(recorded.get(name))) {
                return; // unchanged since stagegate wrote it
            }
            String stamp = LocalDateTime.now().format(STAMP);
            Path aside = folder.resolve(name + ".edited-" + stamp);
            for (int n = 2; Files.exists(aside, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
                aside = folder.resolve(name + ".edited-" + stamp + "-" + n);
            }
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            kept.add(aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the edited " + file + " aside: " + e.getMessage(), e);
        }
    }

    /** The edited documents moved aside, for the caller to say so. */
    public List<Path> kept() {
        return List.copyOf(kept);
    }
}
