package dev.swiftlet.fetch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientWarmUpTest {
    /** The warm-up goes through the whole first use (a ClientHello is written) without a network or a CA store. */
    @Test
    void warmsUpWithoutFailing() {
        assertThat(ClientWarmUp.run()).isNull();
    }
}
