package dev.swiftlet.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image state kept with the keeper: what a daemon writes, its successor reads back entry for entry. */
class KeptImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void entriesSurviveTheRoundTripInOrder() throws Exception {
        List<JsonNode> entries = List.of(
                JSON.readTree(
                        "{\"type\":\"bootstrap\",\"id\":\"a\",\"domain_id\":\"d\",\"config\":{\"metadata_path\":\"/x\"}}"),
                JSON.readTree("{\"type\":\"bootstrap\",\"id\":\"b\"}"));
        String kept = KeptImages.write(entries);
        assertThat(kept).startsWith("[").contains("\"metadata_path\":\"/x\"");
        assertThat(KeptImages.read(kept)).containsExactlyElementsOf(entries);
    }

    @Test
    void aKeeperThatHoldsNoStateYieldsNoImagesAndGarbageIsAnError() throws Exception {
        assertThat(KeptImages.read("")).isEmpty();
        assertThat(KeptImages.read("[]")).isEmpty();
        assertThat(KeptImages.read(null)).isEmpty();
        assertThat(KeptImages.read("{\"not\":\"an array\"}")).isEmpty();
        assertThatThrownBy(() -> KeptImages.read("[{")).isInstanceOf(IOException.class);
    }
}
