package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.images.RawImages;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prefetch keys of a BlobCacheEntry, as nydus-snapshotter and config_v2 clients send them, reach the image. */
class PrefetchConfigsTest {
    @TempDir
    Path dir;

    ImageTable images;
    BlobCacheEntries entries;
    Path boot;
    int n;

    @BeforeEach
    void setUp() throws Exception {
        images = new ImageTable();
        entries = new BlobCacheEntries(images);
        boot = RawImages.buildWithBlobDevice(dir.resolve("img"));
    }

    @AfterEach
    void tearDown() {
        images.close();
    }

    /** Registers an entry with {@code prefetch} as its legacy prefetch_config (and {@code v2} as config_v2.cache.prefetch). */
    PrefetchPolicy register(String prefetch, String v2) throws Exception {
        String id = "img" + n++;
        String body = """
                {"type":"bootstrap","id":"%s",
                 "config":{"id":"%s","backend_type":"localfs","backend_config":{"dir":"%s"},"cache_type":"fscache",
                           %s"metadata_path":"%s"}%s}""".formatted(
                        id,
                        id,
                        dir.resolve("img/blobs"),
                        prefetch == null ? "" : "\"prefetch_config\":" + prefetch + ",",
                        boot,
                        v2 == null ? "" : ",\"config_v2\":{\"cache\":{\"prefetch\":" + v2 + "}}");
        return entries.add(body).spec().prefetch();
    }

    @Test
    void theSnapshotterLegacyKeysAreHonoured() throws Exception {
        assertThat(register("""
                {"enable":true,"threads_count":3,"merging_size":131072,"bandwidth_rate":5000000}""", null))
                .isEqualTo(new PrefetchPolicy(true, 3, 256 << 10, 5_000_000)); // nydusd's floor of 256 KiB pieces
        assertThat(register("""
                {"enable":true,"threads_count":8,"merging_size":1048576}""", null))
                .isEqualTo(new PrefetchPolicy(true, 8, 1 << 20, 0)); // the snapshotter's template
        assertThat(register("""
                {"enable":true,"threads_count":2,"merging_size":3000000,"bandwidth_rate":0}""", null).fillSize()).isEqualTo(4 << 20); // rounded up to a power of two
        assertThat(register("{\"enable\":true}", null)).isEqualTo(PrefetchPolicy.DEFAULT);
        assertThat(register(null, null)).isEqualTo(PrefetchPolicy.OFF);
    }

    @Test
    void disabledPrefetchAcceptsTheSnapshotterZeros() throws Exception {
        // fscache.go has no omitempty: a disabled prefetch_config arrives as zeros, which nydusd accepts
        assertThat(register("""
                {"enable":false,"threads_count":0,"merging_size":0,"bandwidth_rate":0,"prefetch_all":false}""", null)).isEqualTo(PrefetchPolicy.OFF);
    }

    @Test
    void configV2KeysWinOverLegacy() throws Exception {
        assertThat(register("{\"enable\":false}", """
                {"enable":true,"threads":4,"batch_size":524288,"bandwidth_limit":1048576}""")).isEqualTo(new PrefetchPolicy(true, 4, 512 << 10, 1 << 20));
    }

    @Test
    void nonsenseValuesAreRefusedNamingTheKey() throws Exception {
        String[][] cases = {
            {"{\"enable\":true,\"threads_count\":0}", "config.prefetch_config.threads_count must be 1..1024"},
            {"{\"enable\":true,\"threads_count\":1025}", "config.prefetch_config.threads_count must be 1..1024"},
            {"{\"enable\":true,\"threads_count\":-1}", "config.prefetch_config.threads_count must be a whole number"},
            {"{\"enable\":false,\"threads_count\":-1}", "config.prefetch_config.threads_count must be a whole number"},
            {"{\"enable\":true,\"threads_count\":\"8\"}", "config.prefetch_config.threads_count must be a whole number"
            },
            {"{\"enable\":true,\"merging_size\":-4096}", "config.prefetch_config.merging_size must be a whole number"},
            {
                "{\"enable\":true,\"merging_size\":268435457}",
                "config.prefetch_config.merging_size must be at most 268435456"
            },
            {"{\"enable\":true,\"merging_size\":1.5}", "config.prefetch_config.merging_size must be a whole number"},
            {"{\"enable\":true,\"bandwidth_rate\":-1}", "config.prefetch_config.bandwidth_rate must be a whole number"},
            {
                "{\"enable\":true,\"bandwidth_rate\":4294967296}",
                "config.prefetch_config.bandwidth_rate must be at most 4294967295"
            },
            {"{\"enable\":\"yes\"}", "config.prefetch_config.enable must be true or false"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> register(c[0], null))
                    .as(c[0])
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining(c[1])
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> register(null, "{\"enable\":true,\"threads\":2000}"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("config_v2.cache.prefetch.threads must be 1..1024");
        assertThat(images.list()).isEmpty();
    }
}
