package dev.stagegate.reporting.model;

import dev.stagegate.core.error.StagegateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GateResultsTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderWithoutResultsAnOlderSchemaAndABrokenFileEachGetOneLineSayingWhatToDo() throws Exception {
        assertThatThrownBy(() -> GateResults.read(tmp)).isInstanceOf(StagegateException.class)
                .hasMessage(tmp + " holds no gate_results.json: give the folder of a gate run (stagegate run prints it first; they are under evidence/ by default)");
        Files.writeString(tmp.resolve("gate_results.json"), "{\"verdict\": \"GO\", \"steps\": []}");
        assertThatThrownBy(() -> GateResults.read(tmp)).hasMessageContaining("from an older stagegate (no schema field), not stagegate.gate-results/2: "
                + "run the gate again with this version");
        Files.writeString(tmp.resolve("gate_results.json"), "{\"schema\": \"stagegate.gate-results/2\", \"steps\": [");
        assertThatThrownBy(() -> GateResults.read(tmp)).hasMessageContaining("is not readable JSON").hasMessageNotContaining("\n");
    }
}
