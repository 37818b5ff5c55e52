package dev.stagegate.verification.result;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegate.core.evidence.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountTest {

    @Test
    void readsAsASharePeopleAndAsTwoNumbersForCi() throws Exception {
        assertThat(Count.of(4, 14)).hasToString("4/14");
        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(Map.of("tables_isolated", Count.of(4, 14))));
        assertThat(json.get("tables_isolated").get("passed").asLong()).isEqualTo(4);
        assertThat(json.get("tables_isolated").get("total").asLong()).isEqualTo(14);
        assertThat(json.get("tables_isolated").size()).isEqualTo(2);
    }

    @Test
    void aShareLargerThanItsWholeIsABug() {
        assertThatThrownBy(() -> Count.of(15, 14)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Count.of(0, 0).complete()).isTrue();
    }
}
