package dev.stagegate.core.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvidenceRunTest {

    @TempDir
    Path root;

    @Test
    void writesIntoTheRunFolderAndMasksSecretsInEveryFile() throws Exception {
        EvidenceRun run = EvidenceRun.create(root);
        assertThat(run.folder().getParent()).isEqualTo(root);
        assertThat(run.runId()).matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
        run.addSecrets(List.of("s3cr3t-value"));
        Path log = run.write("logs/connect.log", "connecting with s3cr3t-value to jdbc:postgresql://h/db?password=other");
        Path json = run.writeJson("state.json", Map.of("password", "s3cr3t-value"));
        assertThat(Files.readString(log)).doesNotContain("s3cr3t-value").doesNotContain("other").contains("****");
        assertThat(Files.readString(json)).doesNotContain("s3cr3t-value");
        assertThat(run.files()).containsExactly(log, json);
    }

    @Test
    void refusesPathsOutsideTheRunFolder() {
        EvidenceRun run = EvidenceRun.create(root);
        assertThatThrownBy(() -> run.write("../escape.txt", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
