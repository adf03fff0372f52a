package dev.swiftlet.fetch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.fetch.backend.Backends;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The registry backend JSON as the snapshotter sends it: defaults, and a clear error naming each wrong field (no
 * registry needed). Also the {@code Retry-After} forms a server may send.
 */
class RegistryConfigsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static RegistryConfig legacy(String json) throws Exception {
        return (RegistryConfig) Backends.parseLegacy("registry", JSON.readTree(json));
    }

    @Test
    void theSnapshottersMinimalShapeGetsNydusdDefaults() throws Exception {
        // proxy is always an object, possibly with an empty url (= no proxy); timeouts 0 mean the default
        RegistryConfig c = legacy("""
                {"readahead":false,"host":"index.docker.io","repo":"library/ubuntu","auth":"dTpw",
                 "proxy":{"url":"","fallback":false,"ping_url":"","check_interval":0,"use_http":false},
                 "timeout":0,"connect_timeout":0,"retry_limit":0}""");
        assertThat(c.scheme()).isEqualTo("https");
        assertThat(c.proxy()).isNull();
        assertThat(c.mirrors()).isEmpty();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.auth()).isEqualTo("dTpw");
        assertThat(c.base()).isEqualTo(URI.create("https://index.docker.io"));
        assertThat(c.retryLimit()).isZero();
    }

    @Test
    void retryLimitIsKeptWhenGivenAbsentOtherwiseAndOutOfRangeNamed() throws Exception {
        assertThat(legacy("{\"host\":\"h\",\"repo\":\"r\",\"retry_limit\":2}").retryLimit())
                .isEqualTo(2);
        assertThat(legacy("{\"host\":\"h\",\"repo\":\"r\"}").retryLimit()).isNull();
        for (String bad : new String[] {"-1", "256", "\"3\"", "1.5"}) {
            assertThatThrownBy(() -> legacy("{\"host\":\"h\",\"repo\":\"r\",\"retry_limit\":" + bad + "}"))
                    .as(bad)
                    .hasMessageContaining("backend_config.retry_limit must be a number within 0..255");
        }
    }

    @Test
    void proxyAndMirrorDefaultsFollowNydusd() throws Exception {
        RegistryConfig c = legacy("""
                {"host":"h:5000","repo":"r","scheme":"http","ca_cert_files":["/etc/ssl/a.pem"],
                 "proxy":{"url":"http://127.0.0.1:4001"},
                 "mirrors":[{"host":"http://127.0.0.1:65001","headers":{"X-Dragonfly-Registry":"http://h:5000"}}]}""");
        assertThat(c.proxy().pingUrl()).isEqualTo(URI.create("http://127.0.0.1:4001"));
        assertThat(c.proxy().fallback()).isTrue();
        assertThat(c.proxy().checkInterval()).isEqualTo(Duration.ofSeconds(5));
        RegistryConfig.Mirror m = c.mirrors().getFirst();
        assertThat(m.pingUrl()).isEqualTo(URI.create("http://127.0.0.1:65001/v2/"));
        assertThat(m.failureLimit()).isEqualTo(5);
        assertThat(m.healthCheckInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(m.headers()).isEqualTo(Map.of("X-Dragonfly-Registry", "http://h:5000"));
        assertThat(c.caCertFiles()).containsExactly(Path.of("/etc/ssl/a.pem"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"repo":"a"}                                                    | backend_config.host is missing
            {"host":"h"}                                                    | backend_config.repo is missing
            {"host":"h","repo":"a","scheme":"ftp"}                          | scheme must be http or https
            {"host":"h/x","repo":"a"}                                       | host must be host[:port]
            {"host":"h","repo":"../a"}                                      | repo must be a repository name
            {"host":"h","repo":"a","skip_verify":"yes"}                     | backend_config.skip_verify must be true or false
            {"host":"h","repo":"a","timeout":"5"}                           | backend_config.timeout must be a non-negative number
            {"host":"h","repo":"a","connect_timeout":-1}                    | backend_config.connect_timeout must be a non-negative number
            {"host":"h","repo":"a","auth":5}                                | backend_config.auth must be a string
            {"host":"h","repo":"a","ca_cert_files":"/a.pem"}                | backend_config.ca_cert_files must be an array of paths
            {"host":"h","repo":"a","ca_cert_files":[5]}                     | backend_config.ca_cert_files[0] must be an absolute path
            {"host":"h","repo":"a","ca_cert_files":["rel.pem"]}             | backend_config.ca_cert_files[0] must be an absolute path
            {"host":"h","repo":"a","proxy":"http://p:4001"}                 | backend_config.proxy must be an object
            {"host":"h","repo":"a","proxy":{"url":"nope"}}                  | backend_config.proxy.url is not a URL
            {"host":"h","repo":"a","proxy":{"url":"http://p","fallback":1}} | backend_config.proxy.fallback must be true or false
            {"host":"h","repo":"a","mirrors":{}}                            | backend_config.mirrors must be an array
            {"host":"h","repo":"a","mirrors":["http://m"]}                  | backend_config.mirrors[0] must be an object
            {"host":"h","repo":"a","mirrors":[{"host":"nope"}]}             | backend_config.mirrors[0].host is not a URL
            {"host":"h","repo":"a","mirrors":[{}]}                          | backend_config.mirrors[0].host is missing
            {"host":"h","repo":"a","mirrors":[{"host":"http://m","headers":[]}]}        | backend_config.mirrors[0].headers must be an object
            {"host":"h","repo":"a","mirrors":[{"host":"http://m","headers":{"X":1}}]}   | backend_config.mirrors[0].headers.X must be a string
            {"host":"h","repo":"a","mirrors":[{"host":"http://m","headers":{"Host":"x"}}]} | backend_config.mirrors[0]: headers: Host is set by the HTTP client
            {"host":"h","repo":"a","mirrors":[{"host":"http://m","headers":{"a b":"x"}}]}  | backend_config.mirrors[0]: headers: 'a b' is not a header name
            {"host":"h","repo":"a","mirrors":[{"host":"http://m","failure_limit":"5"}]}    | backend_config.mirrors[0].failure_limit must be a non-negative number
            """)
    void eachWrongFieldIsNamed(String json, String message) {
        assertThatThrownBy(() -> legacy(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theV2ShapeNamesItsOwnPath() throws Exception {
        assertThatThrownBy(() -> Backends.parseV2(JSON.readTree(
                        "{\"type\":\"registry\",\"registry\":{\"host\":\"h\",\"repo\":\"a\",\"proxy\":[]}}")))
                .hasMessageContaining("backend.registry.proxy must be an object");
        assertThatThrownBy(() -> Backends.parseV2(JSON.readTree("{\"type\":\"registry\"}")))
                .hasMessageContaining("backend.registry must be an object");
    }

    @Test
    void headerValuesWithLineBreaksAreRefusedEvenWhenBuiltInCode() {
        assertThatThrownBy(() ->
                        new RegistryConfig.Mirror(URI.create("http://m"), Map.of("X-A", "v\r\nX-B: w"), null, null, 0))
                .hasMessageContaining("X-A contains a line break");
        assertThat(new RegistryConfig.Mirror(
                                URI.create("http://m"), Map.of("X-Dragonfly-Registry", "https://r"), null, null, 0)
                        .headers())
                .containsEntry("X-Dragonfly-Registry", "https://r");
        assertThat(RegistryConfig.simple("http", "h", "r").mirrors()).isEqualTo(List.of());
    }

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        assertThat(RegistryBackend.retryAfterNanos("2")).isEqualTo(TimeUnit.SECONDS.toNanos(2));
        assertThat(RegistryBackend.retryAfterNanos(" 0 ")).isZero();
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30));
        assertThat(RegistryBackend.retryAfterNanos(in30s))
                .isBetween(TimeUnit.SECONDS.toNanos(27), TimeUnit.SECONDS.toNanos(31));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(30));
        assertThat(RegistryBackend.retryAfterNanos(past)).isZero();
        assertThat(RegistryBackend.retryAfterNanos("soon")).isEqualTo(-1);
    }
}
