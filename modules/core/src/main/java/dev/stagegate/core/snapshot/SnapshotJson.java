package dev.stagegate.core.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Snapshot to and from JSON, the form that later runs diff against. */
public final class SnapshotJson {

    private static final ObjectMapper MAPPER = Json.mapper();

    private SnapshotJson() {
    }

    public static String write(SchemaSnapshot snapshot) {
        try {
            return MAPPER.writeValueAsString(snapshot) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("snapshot cannot be written as JSON", e);
        }
    }

    public static SchemaSnapshot read(String json) throws IOException {
        return MAPPER.readValue(json, SchemaSnapshot.class);
    }

    public static SchemaSnapshot read(Path file) {
        try {
            return read(Files.readString(file));
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "cannot read snapshot " + file + ": "
                    + e.getMessage().lines().findFirst().orElse("") + " (pass a file written by `stagegate snapshot --json`)", e);
        }
    }
}
